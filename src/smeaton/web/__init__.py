"""The web room: the Django project people use to run the plan."""
