from django.urls import path

from smeaton.web.partnership import views

app_name = "partnership"
urlpatterns = [
    path("", views.partnership_plan, name="plan"),
    path("priorities/<int:pk>/actions/new/", views.action_add, name="action-add"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/update/", views.post_update, name="action-update"),
]
