from django.urls import path

from smeaton.web.plan import views

app_name = "plan"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("mine/", views.my_milestones, name="mine"),
    path("plans/<int:pk>/", views.plan_overview, name="plan"),
    path("priorities/<int:pk>/", views.priority_detail, name="priority"),
    path("priorities/<int:pk>/edit/", views.priority_edit, name="priority-edit"),
    path("priorities/<int:priority_pk>/milestones/new/", views.milestone_add,
         name="milestone-add"),
    path("milestones/<int:pk>/", views.milestone_detail, name="milestone"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone-edit"),
    path("milestones/<int:pk>/update/", views.post_update, name="milestone-update"),
    path("milestones/<int:pk>/rag/", views.override_rag, name="milestone-rag"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/deadline/", views.round_deadline, name="round-deadline"),
    path("rounds/<int:pk>/close/", views.round_close, name="round-close"),
    path("updates/<int:pk>/return/", views.return_update, name="update-return"),
    path("reassign/", views.reassign, name="reassign"),
    path("milestones/<int:pk>/decide/", views.milestone_decide, name="milestone-decide"),
    path("milestones/<int:pk>/withdraw-decision/", views.withdraw_decision,
         name="withdraw-decision"),
    path("year-end/", views.year_ends, name="year-ends"),
    path("year-end/<int:year>/", views.year_end_detail, name="year-end"),
    path("year-end/<int:year>/start/", views.year_end_start, name="year-end-start"),
    path("year-end/<int:year>/close/", views.year_end_close, name="year-end-close"),
    path("year-end/<int:year>/agree/", views.year_end_agree, name="year-end-agree"),
]
