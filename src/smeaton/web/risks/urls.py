from django.urls import path, re_path

from smeaton.web.risks import views

app_name = "risks"
urlpatterns = [
    path("", views.register, name="register"),
    re_path(r"^register\.(?P<file_format>csv|xlsx)$", views.register_export, name="export"),
    path("heat-map/", views.heat_map, name="heat-map"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.risk_add, name="risk-add"),
    path("<int:pk>/", views.risk_detail, name="risk"),
    path("<int:pk>/edit/", views.risk_edit, name="risk-edit"),
    path("<int:pk>/review/", views.risk_review, name="risk-review"),
    path("<int:pk>/escalate/", views.risk_escalate, name="risk-escalate"),
    path("<int:pk>/close/", views.risk_close, name="risk-close"),
    path("<int:pk>/controls/new/", views.control_add, name="control-add"),
    path("<int:pk>/actions/new/", views.risk_action_add, name="risk-action-add"),
    path("controls/<int:pk>/end/", views.control_end, name="control-end"),
    path("<int:pk>/issues/new/", views.issue_from_risk, name="issue-from-risk"),
    path("issues/", views.issue_list, name="issues"),
    path("issues/new/", views.issue_add, name="issue-add"),
    path("issues/<int:pk>/", views.issue_detail, name="issue"),
    path("issues/<int:pk>/edit/", views.issue_edit, name="issue-edit"),
    path("issues/<int:pk>/resolve/", views.issue_resolve, name="issue-resolve"),
    path("issues/<int:pk>/actions/new/", views.issue_action_add, name="issue-action-add"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/update/", views.action_update, name="action-update"),
]
