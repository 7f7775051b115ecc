from django.urls import path

from smeaton.web.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.reports, name="reports"),
    path("new/", views.draft, name="draft"),
    path("word-template/", views.template, name="template"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/<str:file_format>/", views.download, name="download"),
]
