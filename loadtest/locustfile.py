"""The load of `make loadtest` (sharing/demo/loadtest.py writes the plan and
runs this with locust, headless, from this folder and its own virtualenv).

Each simulated user holds its own signed-in session, made beforehand by the
command, and asks for one page as fast as it is answered: the page's
throughput at that many users. Anything but a 200 is an error (a redirect
to sign-in would otherwise look like a fast page)."""

import itertools
import json
import os

from locust import FastHttpUser, constant, task

with open(os.environ["LOADTEST_PLAN"], encoding="utf-8") as handle:
    PLAN = json.load(handle)

_sessions = itertools.cycle(PLAN["sessions"])


class SignedInUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.headers = {
            "Cookie": f"sessionid={next(_sessions)}",
            # gunicorn serves plain HTTP here; in production the proxy
            # terminates TLS and says so (config/settings/production.py).
            "X-Forwarded-Proto": "https",
        }

    @task
    def page(self) -> None:
        with self.client.get(
            PLAN["url"],
            headers=self.headers,
            name=PLAN["name"],
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"answered {response.status_code}")
