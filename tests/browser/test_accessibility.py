"""WCAG 2.1 A/AA and best practices, checked by axe-core in Chromium on every public page."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, REPO

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_SOURCE = REPO / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],  // details of what passed are not needed: much faster
  });
  return result.violations.map((v) => ({
    rule: v.id, impact: v.impact, help: v.help,
    where: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
}"""


def violations(page) -> list[dict]:
    if not AXE_SOURCE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does)")
    # Evaluated through the DevTools protocol, so the page's CSP is untouched.
    page.evaluate(AXE_SOURCE.read_text())
    return page.evaluate(RUN_AXE, RULES)


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_public_page_passes_axe(open_page, public_pages, device):
    found, page = {}, open_page("/editions/", device=device)
    for path in [*public_pages, "/it/milano-2024/", "/it/milano-2024/agenda/"]:
        page.context.clear_cookies()  # each page as a first visitor sees it
        page.goto(path)
        if problems := violations(page):
            found[path] = problems
    assert found == {}


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_registration_form_with_errors_passes_axe(open_page, public_pages, device):
    page = open_page("/upcoming/register/", device=device)
    with page.expect_navigation():
        page.get_by_role("button", name="Register").click()
    assert page.locator("#error-summary").is_visible()
    assert violations(page) == []
    manage = next(path for path in public_pages if "/my-registration/" in path)
    page.goto(manage)
    assert violations(page) == []
    page.locator("input[name=days]:checked").uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Save changes").click()
    assert "Choose at least one day." in page.locator("#error-summary").inner_text()
    assert violations(page) == []


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_participants_area_passes_axe_when_signed_in(open_page, public_pages, device):
    manage = next(path for path in public_pages if "/my-registration/" in path)
    page = open_page(manage, device=device)
    with page.expect_navigation():
        page.get_by_role("button", name="Open the participants' area").click()
    found = {}
    for path in [p for p in public_pages if "/participants/" in p] + ["/it/upcoming/participants/"]:
        page.goto(path)
        if path.endswith("/print/"):  # printable: no menus, the person's schedule only
            assert "Hydrogen valleys?" in page.locator("main").inner_text(), path
        else:
            assert page.locator("form[action$='/participants/sign-out/']").count() == 1, path
        if problems := violations(page):
            found[path] = problems
    page.goto("/upcoming/participants/my-profile/")
    page.fill("#id_eccp_page", "https://example.org/")
    with page.expect_navigation():
        page.get_by_role("button", name="Save my profile").click()
    assert "Give a page on clustercollaboration.eu" in page.locator("#error-summary").inner_text()
    if problems := violations(page):
        found["my-profile with errors"] = problems
    assert found == {}


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_door_passes_axe_with_every_kind_of_answer(open_page, device, monkeypatch):
    from tests.browser.test_door import door_staff, sign_in, today_edition
    from tests.factories import make_registration

    edition = today_edition()
    make_registration(
        edition,
        status="confirmed",
        first_name="Anna",
        last_name="Rossi",
        accessibility_needs="Lift",
    )
    make_registration(
        edition, status="confirmed", first_name="Anita", last_name="Rossini", days=edition.days[1:]
    )
    make_registration(edition, status="waiting", first_name="Aldo", last_name="Rossetti")
    door_staff(monkeypatch)
    page = open_page(f"/{edition.slug}/door/", device=device)
    found = {}
    if problems := violations(page):
        found["sign-in"] = problems
    sign_in(page, edition)
    for name, colour in (
        ("Anna Rossi", "green"),
        ("Anita Rossini", "amber"),
        ("Aldo Rossetti", "red"),
    ):
        page.get_by_role("searchbox", name="Name or organisation").fill("ross")
        with page.expect_navigation():
            page.get_by_role("button", name="Find").click()  # a check-in clears the search
        page.get_by_role("button", name=f"Check in {name}").click()
        page.locator(f"#door-result.door-{colour}").wait_for()
        # The pointer rests where the tapped button was: over another button, mid-transition.
        page.mouse.move(0, 0)
        page.wait_for_timeout(300)
        if problems := violations(page):
            found[f"door, {colour} answer"] = problems
    page.goto(f"/it/{edition.slug}/door/")
    if problems := violations(page):
        found["door in Italian"] = problems
    page.goto(f"/{edition.slug}/door/walk-in/")
    with page.expect_navigation():
        page.get_by_role("button", name="Register and check in").click()
    assert page.locator("#error-summary").is_visible()
    if problems := violations(page):
        found["walk-in with errors"] = problems
    assert found == {}
