from django.urls import path

from partnerships.views import notifications

app_name = "notifications"
urlpatterns = [
    path("", notifications.notification_list, name="list"),
    path("choix/", notifications.notification_preferences, name="preferences"),
    path("tout-lu/", notifications.notification_read_all, name="read_all"),
    path("<int:pk>/ouvrir/", notifications.notification_open, name="open"),
    path("<int:pk>/lue/", notifications.notification_read, name="read"),
]
