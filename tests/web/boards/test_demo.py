from smeaton.web import demo
from smeaton.web.accounts.models import User
from smeaton.web.accounts.permissions import visible
from smeaton.web.boards import demo as boards_demo
from smeaton.web.boards import queries
from smeaton.web.boards.models import Board, BoardAction, Meeting
from smeaton.web.plan import demo as plan_demo
from smeaton.web.plan.rag import Progress
from smeaton.web.rag import Rag


def test_the_demo_has_five_boards_and_three_with_meetings_and_logs_in_every_state(db, today):
    for _ in range(2):  # the second time, nothing is duplicated
        demo.load_people()
        boards_demo.load(plan_demo.load(today), today)
    assert Board.objects.count() == 5
    assert all(board.illustrative for board in Board.objects.all())
    with_meetings = Board.objects.filter(meetings__isnull=False).distinct()
    assert with_meetings.count() == 3
    for board in with_meetings:
        coming, past = queries.meetings_of(board)
        assert [m.state for m in past] == [Meeting.State.HELD] * 2
        assert all(m.attendance.exists() and m.decisions.exists() and m.minutes for m in past)
        assert len(coming) == 1 and coming[0].agenda.exists()
        actions = queries.action_log(board, show="all")
        assert {a.rag for a in actions} == set(Rag), board
        assert {a.progress for a in actions} == set(Progress), board
        assert any(a.is_overdue for a in actions), board
    assert BoardAction.objects.filter(owner__username="demo-owner").exists()
    from smeaton.web.boards.models import AgendaItem
    minutes = " ".join(AgendaItem.objects.values_list("minutes", flat=True))
    assert "asked questions of the Director of Children's Services." in minutes
    assert any(a.is_overdue for a in queries.actions_owned_by(
        User.objects.get(username="demo-owner")))


def test_the_demo_councillor_chairs_scrutiny_and_the_partner_sits_on_the_partnership_board(
        db, today):
    demo.load_people()
    boards_demo.load(plan_demo.load(today), today)
    councillor = User.objects.get(username="demo-councillor")
    scrutiny = Board.objects.get(name="Children and Young People Scrutiny Panel")
    assert scrutiny.chair == councillor
    assert scrutiny.action_log_name == "Tracking decisions"
    assert scrutiny in visible(councillor, Board.objects.all())
    assert "Cabinet" not in {b.name for b in visible(councillor, Board.objects.all())}
    partner = User.objects.get(username="demo-partner")
    assert [b.name for b in visible(partner, Board.objects.all())] == [
        "Children's Partnership Board"]

