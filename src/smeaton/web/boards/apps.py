from django.apps import AppConfig


class BoardsConfig(AppConfig):
    """The boards that hold the service to account: their meetings, decisions and action
    logs."""

    name = "smeaton.web.boards"
    label = "boards"
    verbose_name = "Boards"

    def ready(self):
        from smeaton.web.boards import (
            queries,
            rules,  # noqa: F401  registers the rules
        )
        from smeaton.web.risks.extensions import Section, my_work_sections

        # A person's own board actions appear on "Your risks and actions" too (the risk
        # log knows nothing of boards: dependencies run one way).
        my_work_sections.append(Section(
            "boards/includes/my_actions.html",
            lambda person: {"board_actions": queries.actions_owned_by(person)}))
