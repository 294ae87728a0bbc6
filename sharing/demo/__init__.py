"""Whole registers built for people to look at or to measure, never used by a
page or a job: the demo (``seed``: organisations, one user per role, a case
and its requests) and the benchmark (``bench_data``: a register of 100,000
cases written set-based; ``bench``: the pages and jobs timed on it).

They build whole registers, so they import every app; nothing imports them
but the management commands (``seed_demo``, ``seed_bench``, ``bench``), which
are thin wrappers over them."""
