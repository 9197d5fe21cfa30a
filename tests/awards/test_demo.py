"""seed_demo's awards: the 2018 programmes of seed 001, idempotent."""

import time

from django.core.management import call_command

from awards.models import Nomination, NominationStatus, Programme


def test_seed_demo_adds_the_2018_programmes_once(db):
    call_command("seed_demo", password="demo-pass-123", verbosity=0)
    started = time.monotonic()
    call_command("seed_demo", password="demo-pass-123", verbosity=0)
    assert time.monotonic() - started < 30
    contest = Programme.objects.get(year=2018, basis_document="宜宣明电〔2018〕20号")
    theme = contest.categories.get(name="我的帮扶故事")
    assert list(theme.tiers.values_list("name", "quota")) == [
        ("一等奖", 5),
        ("二等奖", 10),
        ("三等奖", 20),
        ("优秀奖", 50),
    ]
    assert contest.categories.get(name="优秀组织奖").tiers.get().quota == 5
    assert Programme.objects.filter(year=2018).count() == 2
    statuses = set(Nomination.objects.values_list("status", flat=True))
    assert statuses == set(NominationStatus.values)
    assert Nomination.objects.filter(tier__isnull=False).exists()
    assert Nomination.objects.filter(unit__region__name="延长县").count() >= 3
