"""Pages of the org tree. Thin: access function → selector or service → template."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jiedao.accounts.access import tenant_of
from jiedao.accounts.models import Role
from jiedao.accounts.policy import request_actor, staff
from jiedao.core.pages import form_page, run_service
from jiedao.core.paging import page_of
from jiedao.org import selectors, services
from jiedao.org.access import (
    area_for_actor,
    can_edit_org,
    grid_for_actor,
    subdistrict_for_actor,
    unit_for_actor,
    units_visible_to,
)
from jiedao.org.forms import AreaForm, GridForm, SubdistrictForm, UnitFilterForm, UnitForm


def _crumbs() -> list[tuple[str, str]]:
    return [(_("组织架构"), reverse("org:index"))]


# Reading -------------------------------------------------------------------


@staff()
def index(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    context = {
        "subdistrict": selectors.subdistrict_with_counts(actor),
        "page": page_of(request, selectors.areas_with_counts(actor)),
        "can_edit": can_edit_org(actor),
    }
    return render(request, "org/index.html", context)


@staff()
def area_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    area = area_for_actor(actor, pk)
    context = {
        "area": area,
        "grids": selectors.area_grids(actor, area),
        "resident_count": selectors.area_resident_count(area),
        "page": page_of(request, selectors.area_units(actor, area)),
        "can_edit": can_edit_org(actor),
    }
    return render(request, "org/area_detail.html", context)


@staff()
def unit_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = UnitFilterForm(request.GET or None, actor=actor)
    filters = form.cleaned_data if form.is_valid() else {}
    area = filters.get("residential_area")
    units = selectors.unit_search(
        units_visible_to(actor),
        q=filters.get("q", ""),
        kind=filters.get("kind", ""),
        residential_area=area.pk if area else None,
    )
    context = {"form": form, "page": page_of(request, units), "can_edit": can_edit_org(actor)}
    return render(request, "org/unit_list.html", context)


@staff()
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    unit = unit_for_actor(actor, pk)
    context = {
        "unit": unit,
        "employee_count": selectors.unit_employee_count(unit),
        "can_edit": can_edit_org(actor),
    }
    return render(request, "org/unit_detail.html", context)


# Changing (sub-district admin only) ----------------------------------------
# On POST the object is fetched for update inside the transaction of the save,
# so two admins editing at once are serialised rather than interleaved.


@staff(Role.SUBDISTRICT_ADMIN)
def subdistrict_edit(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if request.method == "POST":
        form = SubdistrictForm(request.POST)
        with transaction.atomic():
            subdistrict = subdistrict_for_actor(actor, for_update=True)
            if run_service(form, services.subdistrict_update, actor=actor, subdistrict=subdistrict, request=request):
                messages.success(request, _("街道信息已保存。"))
                return redirect("org:index")
    else:
        form = SubdistrictForm(initial=SubdistrictForm.initial_from(subdistrict_for_actor(actor)))
    return form_page(request, form, title=_("编辑街道信息"), cancel_url=reverse("org:index"), crumbs=_crumbs())


@staff(Role.SUBDISTRICT_ADMIN)
def area_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = AreaForm(request.POST or None)
    if request.method == "POST":
        area = run_service(form, services.area_create, actor=actor, subdistrict_id=tenant_of(actor), request=request)
        if area is not None:
            messages.success(request, _("居民区“%(name)s”已创建。") % {"name": area.name})
            return redirect("org:area_detail", pk=area.pk)
    return form_page(request, form, title=_("新建居民区"), cancel_url=reverse("org:index"), crumbs=_crumbs())


@staff(Role.SUBDISTRICT_ADMIN)
def area_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    if request.method == "POST":
        form = AreaForm(request.POST)
        with transaction.atomic():
            area = area_for_actor(actor, pk, for_update=True)
            if run_service(form, services.area_update, actor=actor, area=area, request=request):
                messages.success(request, _("居民区信息已保存。"))
                return redirect("org:area_detail", pk=pk)
    else:
        area = area_for_actor(actor, pk)
        form = AreaForm(initial=AreaForm.initial_from(area))
    cancel = reverse("org:area_detail", args=[pk])
    return form_page(request, form, title=_("编辑居民区"), cancel_url=cancel, subject=area, crumbs=_crumbs())


@staff(Role.SUBDISTRICT_ADMIN)
def grid_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = GridForm(request.POST or None, actor=actor, initial={"residential_area": request.GET.get("area")})
    if request.method == "POST":
        grid = run_service(form, services.grid_create, actor=actor, subdistrict_id=tenant_of(actor), request=request)
        if grid is not None:
            messages.success(request, _("网格“%(name)s”已创建。") % {"name": grid.name})
            return redirect("org:area_detail", pk=grid.residential_area_id)
    return form_page(request, form, title=_("新建网格"), cancel_url=reverse("org:index"), crumbs=_crumbs())


@staff(Role.SUBDISTRICT_ADMIN)
def grid_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    if request.method == "POST":
        form = GridForm(request.POST, actor=actor)
        with transaction.atomic():
            grid = grid_for_actor(actor, pk, for_update=True)
            if run_service(form, services.grid_update, actor=actor, grid=grid, request=request):
                messages.success(request, _("网格信息已保存。"))
                return redirect("org:area_detail", pk=grid.residential_area_id)
    else:
        grid = grid_for_actor(actor, pk)
        form = GridForm(initial=GridForm.initial_from(grid), actor=actor)
    cancel = reverse("org:area_detail", args=[grid.residential_area_id])
    return form_page(request, form, title=_("编辑网格"), cancel_url=cancel, subject=grid, crumbs=_crumbs())


@staff(Role.SUBDISTRICT_ADMIN)
def unit_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = UnitForm(request.POST or None, actor=actor)
    if request.method == "POST":
        unit = run_service(form, services.unit_create, actor=actor, subdistrict_id=tenant_of(actor), request=request)
        if unit is not None:
            messages.success(request, _("单位“%(name)s”已创建。") % {"name": unit.name})
            return redirect("org:unit_detail", pk=unit.pk)
    return form_page(request, form, title=_("新建单位"), cancel_url=reverse("org:unit_list"), crumbs=_crumbs())


@staff(Role.SUBDISTRICT_ADMIN)
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    if request.method == "POST":
        form = UnitForm(request.POST, actor=actor)
        with transaction.atomic():
            unit = unit_for_actor(actor, pk, for_update=True)
            if run_service(form, services.unit_update, actor=actor, unit=unit, request=request):
                messages.success(request, _("单位信息已保存。"))
                return redirect("org:unit_detail", pk=pk)
    else:
        unit = unit_for_actor(actor, pk)
        form = UnitForm(initial=UnitForm.initial_from(unit), actor=actor)
    cancel = reverse("org:unit_detail", args=[pk])
    return form_page(request, form, title=_("编辑单位"), cancel_url=cancel, subject=unit, crumbs=_crumbs())
