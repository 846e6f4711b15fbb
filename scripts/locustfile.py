"""The load of scripts/load.sh: zone staff and park liaisons working through the main pages, and systems reading
(and now and then correcting) through the API. Every answer must be 200; anything else counts as an error.

Users think 2–5 s between clicks, as people do; 50 of them keep about a dozen requests a second in flight.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re

from locust import HttpUser, between, events, task

SETUP = json.load(open(os.environ["GAOXIN_LOAD_USERS"], encoding="utf-8"))
TIMES: list[tuple[str, float, bool]] = []  # (name, milliseconds, failed) of every request once all have signed in
RECORDING = False


@events.spawning_complete.add_listener
def _start_recording(user_count, **kwargs) -> None:
    global RECORDING
    RECORDING = True


@events.request.add_listener
def _record(name, response_time, exception, **kwargs) -> None:
    if RECORDING:
        TIMES.append((name, response_time, exception is not None))


@events.quitting.add_listener
def _save(environment, **kwargs) -> None:
    with open(os.environ["GAOXIN_LOAD_TIMES"], "w", encoding="utf-8") as f:
        json.dump(TIMES, f, ensure_ascii=False)
YEAR = dt.date.today().year
POLICIES = ["tech_sme", "high_tech", "innovative_sme", "srdi_sme", "little_giant", "gazelle"]


def _csrf(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else ""


class Person(HttpUser):
    abstract = True
    wait_time = between(2, 5)
    username = ""

    def on_start(self) -> None:
        page = self.client.get("/login/", name="登录页")
        self.client.post("/login/", {"username": SETUP[self.username], "password": SETUP["password"],
                                     "csrfmiddlewaretoken": _csrf(page.text), "next": "/"},
                         headers={"Referer": self.host + "/login/"}, name="登录")


class Staff(Person):
    weight = 3
    username = "staff"

    @task(3)
    def dashboard(self):
        self.client.get(f"/dashboard/?year={YEAR}", name="驾驶舱")

    @task(3)
    def enterprise_list(self):
        self.client.get(f"/enterprises/?page={random.randint(1, 50)}", name="企业库")

    @task(2)
    def search(self):
        self.client.get(f"/enterprises/?q={random.choice(SETUP['codes'])[:10]}", name="企业库 搜索")

    @task(4)
    def enterprise(self):
        self.client.get(f"/enterprises/{random.choice(SETUP['codes'])}/", name="企业画像")

    @task(3)
    def candidates(self):
        self.client.get(f"/cultivation/candidates/?policy={random.choice(POLICIES)}&year={YEAR}", name="潜力企业")

    @task(1)
    def alerts(self):
        self.client.get("/cultivation/alerts/", name="动态管理")

    @task(1)
    def drill(self):
        self.client.get(f"/dashboard/enterprises/?kind=held&year={YEAR}&title=high_tech", name="驾驶舱 名单")


class Liaison(Person):
    weight = 1
    username = "liaison"

    @task(2)
    def dashboard(self):
        self.client.get(f"/dashboard/?year={YEAR}", name="驾驶舱（园区）")

    @task(3)
    def enterprise(self):
        self.client.get(f"/enterprises/{random.choice(SETUP['park_codes'])}/", name="企业画像")

    @task(1)
    def projects(self):
        self.client.get("/tracking/projects/", name="重大项目")


class ApiClient(HttpUser):
    weight = 2
    wait_time = between(2, 5)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {SETUP['staff_token']}"

    @task(3)
    def enterprises(self):
        self.client.get(f"/api/v1/enterprises?page={random.randint(1, 200)}&page_size=100", name="API 企业名单")

    @task(3)
    def ladder(self):
        self.client.get(f"/api/v1/enterprises/{random.choice(SETUP['codes'])}/evaluations?year={YEAR}",
                        name="API 梯度评价")

    @task(2)
    def figures(self):
        self.client.get(f"/api/v1/enterprises/{random.choice(SETUP['codes'])}/figures", name="API 年度数据")

    @task(2)
    def evaluations(self):
        self.client.get(f"/api/v1/evaluations?year={YEAR}&policy={random.choice(POLICIES)}&page="
                        f"{random.randint(1, 100)}", name="API 评价结论")

    @task(2)
    def candidates(self):
        self.client.get(f"/api/v1/candidates?policy={random.choice(POLICIES)}&year={YEAR}", name="API 潜力企业")

    @task(1)
    def correct(self):
        """Read a year's figures and write them back with one change and the version read (a correction)."""
        code = random.choice(SETUP["codes"])
        years = self.client.get(f"/api/v1/enterprises/{code}/figures", name="API 年度数据").json()
        if not years:
            return
        last = years[-1]
        values = last["values"] | {"employees": (last["values"]["employees"] or 10) + 1}
        self.client.put(f"/api/v1/enterprises/{code}/figures/{last['year']}",
                        json={"version": last["version"], "values": values}, name="API 修改年度数据")
