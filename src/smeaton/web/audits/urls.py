from django.urls import path

from smeaton.web.audits import views

app_name = "audits"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("tools/", views.tools, name="tools"),
    path("tools/new/", views.tool_add, name="tool-add"),
    path("tools/<int:pk>/", views.tool_detail, name="tool"),
    path("tools/<int:pk>/edit/", views.tool_edit, name="tool-edit"),
    path("tools/<int:pk>/new-version/", views.new_version, name="new-version"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/publish/", views.publish, name="publish"),
    path("versions/<int:pk>/sections/new/", views.section_add, name="section-add"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section-edit"),
    path("sections/<int:pk>/remove/", views.section_remove, name="section-remove"),
    path("sections/<int:pk>/move/", views.section_move, name="section-move"),
    path("sections/<int:pk>/questions/new/", views.question_add, name="question-add"),
    path("questions/<int:pk>/edit/", views.question_edit, name="question-edit"),
    path("questions/<int:pk>/remove/", views.question_remove, name="question-remove"),
    path("questions/<int:pk>/move/", views.question_move, name="question-move"),
    path("programmes/", views.programmes, name="programmes"),
    path("programmes/new/", views.programme_add, name="programme-add"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme-edit"),
    path("programmes/<int:pk>/draw/", views.draw, name="draw"),
    path("samples/<int:pk>/", views.sample_detail, name="sample"),
    path("<int:pk>/", views.audit_detail, name="audit"),
    path("<int:pk>/edit/", views.audit_edit, name="audit-edit"),
    path("<int:pk>/moderate/", views.moderate, name="moderate"),
    path("<int:pk>/find-the-case/", views.reidentify, name="reidentify"),
]
