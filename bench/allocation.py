"""`make bench` (allocation part): 5,000 applicants to 400 practice bases, the min-cost flow
against first come, first served on the same seeded input in the same run.

Each applicant ranks five choices, half of them a base and half a field of service (any of
its bases); bases outside the applicant's province are excluded, as are the 2 % of declared
conflicts of interest. The flow's time is reported against the greedy's (the reference), and
both allocations by how many they place, how many get their first choice and the mean rank.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from placements.allocation import Applicant, greedy, satisfaction, solve  # noqa: E402

APPLICANTS = int(os.environ.get("BENCH_APPLICANTS", "5000"))
BASES = int(os.environ.get("BENCH_BASES", "400"))
FIELDS, PROVINCES, CHOICES, REPEATS, SEED = 16, 8, 5, 5, 2026
TARGET_SECONDS = 10


def scenario(rng):
    """Applicants (in order of application) and the places of each base."""
    province = {base: rng.randrange(PROVINCES) for base in range(BASES)}
    field_bases = {}
    for base in range(BASES):
        for field in rng.sample(range(FIELDS), 2):
            field_bases.setdefault(field, []).append(base)
    places = {base: rng.randint(8, 20) for base in range(BASES)}
    applicants = []
    for key in range(APPLICANTS):
        home = rng.randrange(PROVINCES)
        choices = []
        for _rank in range(CHOICES):
            if rng.random() < 0.5:
                # Popular bases draw more: a skewed pick makes the choices compete.
                choices.append([min(int(rng.expovariate(1 / 60)), BASES - 1)])
            else:
                choices.append(field_bases.get(rng.randrange(FIELDS), []))
        excluded = {
            base: "region"
            for bases in choices
            for base in bases
            if province[base] != home and rng.random() < 0.5
        }
        if rng.random() < 0.02 and choices[0]:
            excluded[choices[0][0]] = "conflict"
        applicants.append(Applicant(key, choices, excluded))
    return applicants, places


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def main():
    applicants, places = scenario(random.Random(SEED))
    edges = sum(len({b for c in a.choices for b in c}) for a in applicants)
    flow_times, greedy_times = [], []
    for _ in range(REPEATS):  # alternating, so both see the same machine load
        seconds, by_flow = timed(solve, applicants, places)
        flow_times.append(seconds)
        seconds, by_greedy = timed(greedy, applicants, places)
        greedy_times.append(seconds)
    flow, first_come = statistics.median(flow_times), statistics.median(greedy_times)
    print(
        f"Allocation: {APPLICANTS} applicants, {BASES} bases, {sum(places.values())} places, "
        f"{edges} applicant-base pairs; median of {REPEATS} runs"
    )
    print(
        f"  min-cost flow    {flow:7.3f} s  ({flow / first_come:5.1f}x the greedy's time; "
        f"target under {TARGET_SECONDS} s: {'met' if flow < TARGET_SECONDS else 'MISSED'})"
    )
    print(f"  first come, first served {first_come:7.3f} s  (reference)")
    for name, given in (("min-cost flow", by_flow), ("first come", by_greedy)):
        figures = satisfaction(applicants, given)
        print(
            f"  {name:14} placed {figures['placed']:5} of {figures['applicants']}, "
            f"first choice {figures['first_choice'] * 100 / figures['applicants']:5.1f} %, "
            f"mean choice {figures['mean_rank']:.3f}"
        )
    for base, count in ((b, by_flow.count(b)) for b in places):
        assert count <= places[base], f"base {base} got {count} of {places[base]} places"


if __name__ == "__main__":
    main()
