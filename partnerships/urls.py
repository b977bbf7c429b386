from django.urls import path

from partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("conventions/", views.convention_list, name="convention_list"),
    path("conventions/<int:pk>/", views.convention_detail, name="convention_detail"),
]
