"""``python manage.py load_demo``: load (or complete) the Liangcheng Xincun demo."""

import time
from argparse import ArgumentParser
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiedao.demo import data
from jiedao.demo.loader import DemoContext, load_demo


class Command(BaseCommand):
    help = "Load the Liangcheng Xincun demo (凉城新村街道演示数据); running it again changes nothing."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--residents",
            type=int,
            default=data.DEFAULT_RESIDENTS,
            help=f"number of fictional residents (default {data.DEFAULT_RESIDENTS})",
        )
        parser.add_argument("--force", action="store_true", help="load even though DEBUG is off (production)")

    def handle(self, *args: Any, residents: int, force: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                _("当前是生产配置（DEBUG 未开启），拒绝加载演示数据：演示账号的密码是公开的。确需加载请加 --force。")
            )
        if residents < 0:
            raise CommandError(_("--residents 不能为负数。"))
        started = time.monotonic()
        ctx = load_demo(residents=residents)
        self._report(ctx, time.monotonic() - started)

    def _report(self, ctx: DemoContext, seconds: float) -> None:
        if ctx.created:
            counts = "、".join(f"{apps.get_model(label)._meta.verbose_name} {n}" for label, n in ctx.created.items())
            self.stdout.write(_("%(sd)s演示数据：新建 %(counts)s。") % {"sd": ctx.subdistrict.name, "counts": counts})
        else:
            self.stdout.write(_("%(sd)s演示数据已完整，未作改动。") % {"sd": ctx.subdistrict.name})
        self.stdout.write(_("用时 %(s).1f 秒。") % {"s": seconds})
        for warning in ctx.warnings:
            self.stderr.write(warning)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("演示账号（密码均为 %(pw)s）：") % {"pw": data.PASSWORD}))
        width = max((len(login.username) for login in ctx.logins), default=0)
        for login in ctx.logins:
            self.stdout.write(f"  {login.username.ljust(width)}  {login.description}")
