from django.urls import path

from smeaton.web.commentary import views

app_name = "commentary"
urlpatterns = [
    path("clinic/", views.clinic, name="clinic"),
    path("indicators/<slug:slug>/commentary/", views.commentary_page, name="commentary"),
    path("indicators/<slug:slug>/commentary/<str:period>/edit/", views.edit, name="edit"),
    path("indicators/<slug:slug>/commentary/<str:period>/submit/", views.submit,
         name="submit"),
    path("indicators/<slug:slug>/commentary/<str:period>/sign-off/", views.decide,
         name="decide"),
]
