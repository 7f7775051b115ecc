from django.urls import path, re_path

from smeaton.web.children import views

app_name = "children"
urlpatterns = [
    path("children/", views.children, name="children"),
    re_path(r"^children\.(?P<file_format>csv|xlsx)$", views.children_export, name="export"),
    path("children/re-identify/", views.reidentify, name="reidentify"),
]
