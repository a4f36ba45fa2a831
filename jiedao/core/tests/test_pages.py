"""``jiedao.core.pages``: a service run from a form, its refusals on the form or as
messages, and the one form page with its status rule."""

from typing import Any

import pytest
from django import forms
from django.contrib import messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from jiedao.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from jiedao.core.forms import BootstrapForm
from jiedao.core.pages import flash_form_errors, form_page, form_status, run_action, run_service
from jiedao.testing import World


class NoteForm(BootstrapForm):
    title = forms.CharField(label="标题", max_length=20)
    body = forms.CharField(label="内容", required=False, help_text="可不填")


class Recorder:
    """A service that records its calls, then raises ``error`` or returns ``result``."""

    def __init__(self, *, result: Any = None, error: Exception | None = None) -> None:
        self.calls: list[dict[str, Any]] = []
        self.result = result
        self.error = error

    def __call__(self, **kwargs: Any) -> Any:
        self.calls.append(kwargs)
        if self.error is not None:
            raise self.error
        return self.result


def valid() -> NoteForm:
    return NoteForm({"title": "周会", "body": "议程"})


def classes(form: forms.BaseForm, name: str) -> list[str]:
    attrs: dict[str, Any] = form.fields[name].widget.attrs
    return str(attrs.get("class", "")).split()


def with_messages(request: HttpRequest) -> HttpRequest:
    """``request`` as the middleware leaves it: a session and a message store."""

    def ok(_request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    SessionMiddleware(ok).process_request(request)
    MessageMiddleware(ok).process_request(request)
    return request


def flashed(request: HttpRequest) -> list[tuple[int, str]]:
    return [(m.level, str(m.message)) for m in messages.get_messages(request)]


# run_service ----------------------------------------------------------------------


def test_a_valid_form_calls_the_service_with_the_arguments_and_the_cleaned_data() -> None:
    service = Recorder(result=("made", 42))

    result = run_service(valid(), service, actor="someone", subdistrict_id=7)

    assert result == ("made", 42)
    assert service.calls == [{"actor": "someone", "subdistrict_id": 7, "title": "周会", "body": "议程"}]


def test_an_invalid_form_never_calls_the_service() -> None:
    service = Recorder(result="made")
    form = NoteForm({"title": "", "body": "x"})

    assert run_service(form, service) is None

    assert service.calls == []
    assert set(form.errors) == {"title"}


def test_an_unbound_form_never_calls_the_service() -> None:
    service = Recorder(result="made")

    assert run_service(NoteForm(), service) is None
    assert service.calls == []


def test_a_service_error_on_a_field_lands_on_that_field_marked_invalid() -> None:
    form = valid()

    result = run_service(form, Recorder(error=ValidationError({"title": ["标题已存在。"]})))

    assert result is None
    assert form.errors == {"title": ["标题已存在。"]}
    assert form.non_field_errors() == []
    assert "is-invalid" in classes(form, "title")
    assert "form-control" in classes(form, "title")
    assert form.fields["title"].widget.attrs["aria-describedby"] == "id_title_error"
    html = str(form["title"])
    assert 'aria-describedby="id_title_error"' in html
    assert "is-invalid" in html
    # The other field is untouched.
    assert "is-invalid" not in classes(form, "body")
    assert "aria-describedby" not in form.fields["body"].widget.attrs


def test_a_field_with_help_text_points_at_the_error_and_the_help() -> None:
    form = valid()

    run_service(form, Recorder(error=ValidationError({"body": ["内容不合适。"]})))

    assert form.errors == {"body": ["内容不合适。"]}
    assert form.fields["body"].widget.attrs["aria-describedby"] == "id_body_error id_body_helptext"


def test_a_service_error_on_an_unknown_field_goes_above_the_form() -> None:
    form = valid()

    run_service(form, Recorder(error=ValidationError({"deadline": ["期限已过。"], "title": ["重名。"]})))

    assert form.non_field_errors() == ["期限已过。"]
    assert form.errors["title"] == ["重名。"]
    assert "deadline" not in form.errors


def test_a_service_error_without_fields_goes_above_the_form() -> None:
    form = valid()

    run_service(form, Recorder(error=ValidationError("整体有误。")))

    assert form.non_field_errors() == ["整体有误。"]
    assert set(form.errors) == {"__all__"}
    assert "is-invalid" not in classes(form, "title")


def test_field_names_renames_a_service_field_to_a_form_field() -> None:
    form = valid()
    service = Recorder(error=ValidationError({"name": ["名称太长。"]}))

    run_service(form, service, field_names={"name": "title"})

    assert form.errors == {"title": ["名称太长。"]}
    assert "is-invalid" in classes(form, "title")


def test_not_found_and_forbidden_go_on_up_to_the_page() -> None:
    """No fault of the input: ``core.middleware`` answers 404 and 403 for them."""
    with pytest.raises(NotFound, match="不存在"):
        run_service(valid(), Recorder(error=NotFound("对象不存在。")))
    with pytest.raises(Forbidden, match="无权修改"):
        run_service(valid(), Recorder(error=Forbidden("无权修改。")))


def test_a_domain_error_naming_a_field_lands_on_it() -> None:
    form = valid()

    run_service(form, Recorder(error=Conflict("该标题已被占用。", field="title")))

    assert form.errors == {"title": ["该标题已被占用。"]}
    assert "is-invalid" in classes(form, "title")


def test_a_domain_error_naming_a_renamed_field_lands_on_the_form_field() -> None:
    form = valid()

    run_service(form, Recorder(error=Invalid("名称无效。", field="name")), field_names={"name": "title"})

    assert form.errors == {"title": ["名称无效。"]}


@pytest.mark.parametrize("field", [None, "deadline"])
def test_a_domain_error_without_a_form_field_goes_above_the_form(field: str | None) -> None:
    form = valid()

    result = run_service(form, Recorder(error=DomainError("名额已满。", field=field)))

    assert result is None
    assert form.errors == {"__all__": ["名额已满。"]}


def test_other_exceptions_are_not_swallowed() -> None:
    with pytest.raises(KeyError):
        run_service(valid(), Recorder(error=KeyError("bug")))


# run_action and flash_form_errors -------------------------------------------------


def test_run_action_adds_the_success_message_on_success(rf: RequestFactory) -> None:
    request = with_messages(rf.post("/"))
    service = Recorder(result="done")

    assert run_action(request, valid(), service, done="已保存。", actor="a") == "done"

    assert flashed(request) == [(messages.SUCCESS, "已保存。")]
    assert service.calls == [{"actor": "a", "title": "周会", "body": "议程"}]


def test_run_action_without_done_adds_no_message(rf: RequestFactory) -> None:
    request = with_messages(rf.post("/"))

    run_action(request, valid(), Recorder(result="done"))

    assert flashed(request) == []


def test_run_action_flashes_each_service_error_prefixed_with_the_label(rf: RequestFactory) -> None:
    request = with_messages(rf.post("/"))
    error = ValidationError({"title": ["重名。", "太短。"], "deadline": ["期限已过。"]})

    result = run_action(request, valid(), Recorder(error=error), done="已保存。")

    assert result is None
    assert sorted(flashed(request)) == sorted(
        [(messages.ERROR, "标题：重名。"), (messages.ERROR, "标题：太短。"), (messages.ERROR, "期限已过。")]
    )


def test_run_action_flashes_a_domain_error_and_no_success(rf: RequestFactory) -> None:
    request = with_messages(rf.post("/"))

    run_action(request, valid(), Recorder(error=Conflict("名额已满。")), done="已报名。")

    assert flashed(request) == [(messages.ERROR, "名额已满。")]


def test_run_action_flashes_the_form_errors_and_never_calls_the_service(rf: RequestFactory) -> None:
    request = with_messages(rf.post("/"))
    service = Recorder(result="done")

    run_action(request, NoteForm({"title": "", "body": ""}), service, done="已保存。")

    assert service.calls == []
    [(level, text)] = flashed(request)
    assert level == messages.ERROR
    assert text.startswith("标题：") and len(text) > len("标题：")


def test_run_action_adds_no_success_message_when_the_service_never_ran(rf: RequestFactory) -> None:
    """An unbound form is never valid: nothing was done, so nothing may be reported done."""
    request = with_messages(rf.post("/"))
    service = Recorder(result="done")

    run_action(request, NoteForm(), service, done="已保存。")

    assert service.calls == []
    assert flashed(request) == []


def test_flash_form_errors_prefixes_the_label_of_each_field(rf: RequestFactory) -> None:
    request = with_messages(rf.post("/"))
    form = valid()
    form.add_error("body", "太长。")
    form.add_error(None, "整体有误。")

    flash_form_errors(request, form)

    assert flashed(request) == [(messages.ERROR, "内容：太长。"), (messages.ERROR, "整体有误。")]


class UnlabelledForm(BootstrapForm):
    due_date = forms.DateField()


def test_flash_form_errors_names_a_field_without_a_label_as_the_page_does(rf: RequestFactory) -> None:
    request = with_messages(rf.post("/"))
    form = UnlabelledForm({"due_date": "x"})

    flash_form_errors(request, form)

    assert flashed(request) == [(messages.ERROR, f"{form['due_date'].label}：{form.errors['due_date'][0]}")]
    assert form["due_date"].label == "Due date"


# form_status and form_page --------------------------------------------------------


def test_form_status_is_200_unbound_200_valid_400_with_errors() -> None:
    assert form_status(NoteForm()) == 200
    assert form_status(valid()) == 200
    assert form_status(NoteForm({"title": ""})) == 400


def test_form_status_is_400_when_the_service_refused_a_valid_form() -> None:
    form = valid()
    run_service(form, Recorder(error=Conflict("名额已满。")))

    assert form_status(form) == 400


def test_form_page_renders_the_form_with_title_crumbs_and_cancel_link(rf: RequestFactory) -> None:
    response = form_page(
        rf.get("/notes/new/"),
        NoteForm(),
        title="新建笔记",
        cancel_url="/notes/",
        crumbs=[("笔记", "/notes/"), ("本周", "/notes/week/")],
        subject="周会",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>新建笔记 · Jiedao</title>" in html
    assert '<h1 class="h3 mb-3">新建笔记<span class="text-body-secondary">' in html
    assert "周会</span></h1>" in html
    assert '<li class="breadcrumb-item"><a href="/notes/">笔记</a></li>' in html
    assert '<li class="breadcrumb-item"><a href="/notes/week/">本周</a></li>' in html
    assert '<li class="breadcrumb-item active" aria-current="page">新建笔记</li>' in html
    assert '<a class="btn btn-outline-secondary" href="/notes/">' in html
    assert 'name="title"' in html and 'name="body"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "alert-danger" not in html


def test_form_page_without_crumbs_has_no_breadcrumb(rf: RequestFactory) -> None:
    html = form_page(rf.get("/"), NoteForm(), title="新建笔记", cancel_url="/notes/").content.decode()

    assert "breadcrumb" not in html


def test_form_page_answers_400_with_the_errors_next_to_the_fields(rf: RequestFactory) -> None:
    form = valid()
    run_service(form, Recorder(error=ValidationError({"title": ["标题已存在。"], "deadline": ["期限已过。"]})))

    response = form_page(rf.post("/notes/new/"), form, title="新建笔记", cancel_url="/notes/")

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_title_error"' in html and "标题已存在。" in html
    assert "alert-danger" in html and "期限已过。" in html


def test_form_page_answers_200_for_a_valid_bound_form(rf: RequestFactory) -> None:
    response = form_page(rf.post("/notes/new/"), valid(), title="新建笔记", cancel_url="/notes/")

    assert response.status_code == 200
    assert 'value="周会"' in response.content.decode()


# initial_from --------------------------------------------------------------------


class GridEditForm(BootstrapForm):
    name = forms.CharField()
    residential_area = forms.IntegerField()
    note = forms.CharField(required=False)  # not a field of the model


@pytest.mark.django_db
def test_initial_from_takes_the_form_fields_the_model_has_and_related_rows_by_id(world: World) -> None:
    grid = world.grid
    assert GridEditForm.initial_from(grid) == {"name": grid.name, "residential_area": grid.residential_area_id}
