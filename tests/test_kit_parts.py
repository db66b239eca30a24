"""The phone page's kit regions after an edit of the kit: rendered once per kit version and
language for the whole hall, always the kit as stored now."""

from seminar.web import pages
from tests.conftest import SHORT_KIT


def _save(app_store, seminar, text):
    with app_store.write():
        record = app_store.seminars.by_code(seminar.code)
        app_store.seminars.save_kit(record.id, title="Ny tittel", kit_source=text,
                                    current=record.current_block,
                                    timers=app_store.seminars.timers(record.id))


def test_the_kit_parts_follow_the_stored_kit_and_are_rendered_once_per_version(
        client, make_seminar, app_store, monkeypatch):
    seminar, _key = make_seminar()
    renders = []
    render = pages.render_template
    monkeypatch.setattr(pages, "render_template",
                        lambda *args, **kwargs: renders.append(args[0]) or render(*args, **kwargs))

    first = client.get(f"/s/{seminar.code}/kit-parts")
    again = client.get(f"/s/{seminar.code}/kit-parts")
    assert (first.status_code, first.headers["Cache-Control"]) == (200, "no-store")
    assert again.data == first.data
    assert renders == ["participant/seminar.html"]
    page = first.get_data(as_text=True)
    assert '<p class="topbar-title" data-kit-fragment="topbar-title">Kort testsamling</p>' in page
    assert f'data-parts="/s/{seminar.code}/kit-parts">0</script>' in page

    _save(app_store, seminar, SHORT_KIT.replace("# Kort testsamling", "# Ny tittel"))
    edited = client.get(f"/s/{seminar.code}/kit-parts").get_data(as_text=True)
    assert renders == ["participant/seminar.html"] * 2
    assert ">Ny tittel</p>" in edited
    assert f'data-parts="/s/{seminar.code}/kit-parts">1</script>' in edited


def test_the_kit_parts_of_no_seminar_are_not_found(client):
    assert client.get("/s/NOSUCH/kit-parts").status_code == 404
