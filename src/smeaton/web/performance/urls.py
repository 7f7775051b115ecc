from django.urls import path, re_path

from smeaton.web.performance import views

app_name = "performance"
urlpatterns = [
    path("", views.scorecard_page, name="scorecard"),
    re_path(r"^scorecard\.(?P<file_format>csv|xlsx)$", views.scorecard_export, name="export"),
    path("measures/", views.measures_page, name="measures"),
    path("equalities/", views.equalities_page, name="equalities"),
    path("indicators/<slug:slug>/", views.indicator_detail, name="indicator"),
    path("indicators/<slug:slug>/target/", views.target_edit, name="target"),
    path("indicators/<slug:slug>/dfe-tolerance/", views.dfe_tolerance_edit,
         name="dfe_tolerance"),
    path("indicators/<slug:slug>/plan/", views.links_edit, name="links"),
]
