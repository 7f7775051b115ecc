"""Boards and their meetings: the Improvement Board, Cabinet, the Scrutiny Panel, the
Corporate Parenting Board and the partnership board, with agendas, minutes, decisions and
action logs."""
