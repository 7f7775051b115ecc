from django.urls import path, re_path

from smeaton.web.returns import views

app_name = "returns"
urlpatterns = [
    path("", views.loads, name="loads"),
    path("upload/", views.upload, name="upload"),
    path("loads/<int:pk>/", views.load_detail, name="load"),
    path("loads/<int:pk>/problems/", views.problems, name="problems"),
    re_path(r"^loads/(?P<pk>[0-9]+)/problems\.(?P<file_format>csv|xlsx)$",
            views.problems_export, name="problems-export"),
]
