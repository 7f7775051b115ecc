"""The voice of children and families: feedback, surveys, "you said, we did" and the
young people's view of the plan."""
