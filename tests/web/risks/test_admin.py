from smeaton.web.accounts.models import Role
from smeaton.web.risks.models import RiskMatrix

URL = "/admin/risks/riskmatrix/{}/change/"


def matrix_form(found, bands):
    """The admin page's form for the matrix: its levels as they are, and these bands."""
    form = {"appetite": "10"}
    for prefix, levels, fields in [
            ("likelihood_levels", found.likelihood_levels.all(), ("name", "description")),
            ("impact_levels", found.impact_levels.all(),
             ("name", "finance", "service", "people", "reputation"))]:
        form |= {f"{prefix}-TOTAL_FORMS": "5", f"{prefix}-INITIAL_FORMS": "5",
                 f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "5"}
        for n, level in enumerate(levels):
            form[f"{prefix}-{n}-id"] = level.pk
            form[f"{prefix}-{n}-risk_matrix"] = found.pk
            form |= {f"{prefix}-{n}-{name}": getattr(level, name) for name in fields}
    existing = list(found.bands.all())
    form |= {"bands-TOTAL_FORMS": str(len(bands)), "bands-INITIAL_FORMS": str(len(existing)),
             "bands-MIN_NUM_FORMS": "0", "bands-MAX_NUM_FORMS": "1000"}
    for n, (name, lowest, highest) in enumerate(bands):
        form |= {f"bands-{n}-name": name, f"bands-{n}-lowest": lowest,
                 f"bands-{n}-highest": highest, f"bands-{n}-colour": "green",
                 f"bands-{n}-risk_matrix": found.pk,
                 f"bands-{n}-id": existing[n].pk if n < len(existing) else ""}
    return form


def test_an_administrator_rewords_the_matrix_and_bands_may_not_overlap(client_as, make_user):
    client = client_as(make_user(Role.ADMINISTRATOR))
    found = RiskMatrix.objects.get()
    page = client.post(URL.format(found.pk), matrix_form(
        found, [("Low", 1, 6), ("Medium", 5, 12), ("High", 15, 25)])).content.decode()
    assert "The bands Low and Medium overlap" in page
    response = client.post(URL.format(found.pk), matrix_form(
        found, [("Low", 1, 3), ("Medium", 4, 12), ("High", 15, 25)]))
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.appetite == 10
    assert found.bands.get(name="Low").highest == 3
