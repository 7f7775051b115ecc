from django.urls import path

from smeaton.web.service_plans import views

app_name = "service_plans"
urlpatterns = [
    path("", views.service_plan_list, name="list"),
    path("matrix/", views.matrix, name="matrix"),
    path("actions/", views.action_list, name="actions"),
    path("<int:pk>/", views.service_plan_detail, name="service-plan"),
    path("<int:pk>/actions/new/", views.action_add, name="action-add"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/update/", views.post_update, name="action-update"),
]
