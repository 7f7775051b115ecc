from django.urls import path

from smeaton.web.boards import views

app_name = "boards"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.board_add, name="board-add"),
    path("<int:pk>/", views.board_detail, name="board"),
    path("<int:pk>/edit/", views.board_edit, name="board-edit"),
    path("<int:pk>/meetings/new/", views.meeting_add, name="meeting-add"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/calendar.ics", views.meeting_ics, name="meeting-ics"),
    path("meetings/<int:pk>/held/", views.meeting_held, name="meeting-held"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/agenda/new/", views.agenda_item_add, name="agenda-item-add"),
    path("agenda/<int:pk>/edit/", views.agenda_item_edit, name="agenda-item-edit"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:pk>/decisions/new/", views.decision_add, name="decision-add"),
    path("decisions/<int:pk>/edit/", views.decision_edit, name="decision-edit"),
    path("meetings/<int:pk>/actions/new/", views.action_add, name="action-add"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/update/", views.post_update, name="action-update"),
]
