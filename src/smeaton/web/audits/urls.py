from django.urls import path

from smeaton.web.audits import views

app_name = "audits"
urlpatterns = [
    # Findings, themes and the quality assurance dashboard.
    path("quality-assurance/", views.qa_dashboard, name="qa-dashboard"),
    path("<int:pk>/findings/", views.findings, name="findings"),
    path("<int:pk>/findings/themes/", views.audit_tag, name="audit-tag"),
    path("<int:pk>/findings/actions/new/", views.child_action_add, name="child-action-add"),
    path("<int:pk>/findings/concerns/new/", views.concern_raise, name="concern-raise"),
    path("child-actions/<int:pk>/", views.child_action, name="child-action"),
    path("child-actions/<int:pk>/done/", views.child_action_done, name="child-action-done"),
    path("concerns/<int:pk>/", views.concern, name="concern"),
    path("concerns/<int:pk>/acknowledge/", views.concern_acknowledge,
         name="concern-acknowledge"),
    path("themes/", views.themes, name="themes"),
    path("themes/new/", views.theme_add, name="theme-add"),
    path("themes/<int:pk>/edit/", views.theme_edit, name="theme-edit"),
]
