from django.urls import path

from smeaton.web.voice import views

app_name = "voice"
urlpatterns = [
    path("", views.index, name="index"),
    path("feedback/", views.feedback_list, name="feedback-list"),
    path("feedback/new/", views.feedback_add, name="feedback-add"),
    path("feedback/<int:pk>/", views.feedback_detail, name="feedback"),
    path("feedback/<int:pk>/edit/", views.feedback_edit, name="feedback-edit"),
    path("surveys/", views.survey_list, name="surveys"),
    path("surveys/new/", views.survey_add, name="survey-add"),
    path("surveys/template.csv", views.survey_template, name="survey-template"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey"),
    path("surveys/<int:pk>/results.csv", views.survey_export, name="survey-export"),
    path("surveys/<int:pk>/import/", views.survey_import, name="survey-import"),
    path("you-said-we-did/", views.you_said_list, name="you-said-list"),
    path("you-said-we-did/new/", views.you_said_add, name="you-said-add"),
    path("you-said-we-did/<int:pk>/", views.you_said_detail, name="you-said"),
    path("you-said-we-did/<int:pk>/edit/", views.you_said_edit, name="you-said-edit"),
    path("young-people/", views.young_people, name="young-people"),
    path("young-people/words/", views.words_list, name="words"),
    path("young-people/words/<int:pk>/", views.words_edit, name="words-edit"),
    path("young-people/introduction/", views.page_edit, name="page-edit"),
    path("young-people/publish/", views.page_publish, name="page-publish"),
]
