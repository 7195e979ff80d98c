"""Helpers for the engine tests: the real processes/ and rules/ files, and an instance driver.

Pure: no database, no Flask. Every wait state is saved to JSON text and reloaded (json.loads/dumps
round trip) before the next call, as a service would do with the instance row.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree

from app.engine import CompiledProcess, EngineStep, WorkflowEngine
from samples import FORM_DOCS

ROOT = Path(__file__).parents[3]
PROCESSES = ROOT / "processes"
RULES = ROOT / "rules"
PROCESS_KEY = "workload_approval"
FINAL_LANES = {"教务部", "科学技术部", "人文社科部", "人力资源部", "研究生工作部"}

# catalog §1.3 register: code -> (category, entry); entry "teacher" or "import"
REGISTER: dict[str, tuple[str, str]] = {
    "T01": ("teaching", "teacher"), "T02": ("teaching", "teacher"), "T03": ("teaching", "import"),
    "T04": ("teaching", "teacher"), "T05": ("teaching", "import"), "T06": ("teaching", "import"),
    "T07": ("teaching", "import"), "T08": ("teaching", "import"), "T09": ("teaching", "teacher"),
    "T10": ("teaching", "teacher"), "T11": ("teaching", "teacher"), "T12": ("teaching", "teacher"),
    "T13": ("teaching", "teacher"), "T14": ("teaching", "teacher"), "T15": ("teaching", "teacher"),
    "T16": ("teaching", "teacher"), "T17": ("teaching", "teacher"), "T18": ("teaching", "import"),
    "T19": ("teaching", "import"),
    "G01": ("graduate", "teacher"), "G02": ("graduate", "teacher"), "G03": ("graduate", "teacher"),
    "G04": ("graduate", "teacher"),
    "R01": ("research", "teacher"), "R02": ("research", "teacher"), "R03": ("research", "teacher"),
    "R04": ("research", "teacher"), "R05": ("research", "teacher"),
    "M01": ("mentoring", "teacher"), "M02": ("mentoring", "teacher"), "M03": ("mentoring", "teacher"),
    "D01": ("dynamic", "teacher"), "D02": ("dynamic", "teacher"), "D03": ("dynamic", "import"),
    "D04": ("dynamic", "import"),
}
ORIGIN = {"teacher": "teacher", "import": "unit_import"}


def read(path: Path) -> bytes:
    """Bytes of a repository file."""
    return path.read_bytes()


def routing(record_type: str, course_owner_dept: str | None = None, research_owner: str | None = None,
            origin: str | None = None) -> dict[str, object]:
    """Start data for a record type, as the service whitelists it."""
    category, entry = REGISTER[record_type]
    return {"record_type": record_type, "category": category, "origin": origin or ORIGIN[entry],
            "course_owner_dept": course_owner_dept, "research_owner": research_owner}


@cache
def compiled(policy: str = "default") -> CompiledProcess:
    """The shipped process compiled with rules/*.dmn, or with the alternative route_steps table."""
    dmn_paths = sorted(RULES.glob("*.dmn"))
    if policy == "alternative":
        dmn_paths = [p for p in dmn_paths if p.name != "route_steps.dmn"] + [RULES / "alternatives" / "route_steps.dmn"]
    engine = WorkflowEngine()
    return engine.compile_process(read(PROCESSES / f"{PROCESS_KEY}.bpmn"), [read(p) for p in dmn_paths], PROCESS_KEY)


def reload(state: str) -> str:
    """Save and reload a state the way a database column would (fresh JSON text)."""
    return json.dumps(json.loads(state), ensure_ascii=False)


@dataclass
class Instance:
    """Drives one instance through the engine, reloading the state at every wait state."""

    engine: WorkflowEngine
    policy: str = "default"
    step: EngineStep | None = None
    trail: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def cache_key(self) -> str:
        return f"{PROCESS_KEY}:{self.policy}"

    def spec(self) -> str:
        """The compiled spec JSON this instance runs on."""
        return compiled(self.policy).spec_json

    def start(self, data: dict[str, object]) -> EngineStep:
        self.step = self.engine.start(self.cache_key, self.spec(), data)
        return self.step

    def waiting_at(self) -> str | None:
        """bpmn id of the single ready user task, None when completed."""
        assert self.step is not None
        tasks = self.step.ready_user_tasks
        assert len(tasks) <= 1, tasks
        return tasks[0].bpmn_id if tasks else None

    def act(self, expected_bpmn_id: str, data: dict[str, object]) -> EngineStep:
        """Complete the ready task (which must be ``expected_bpmn_id``) with ``data``, the state reloaded
        from JSON first."""
        assert self.step is not None
        assert self.waiting_at() == expected_bpmn_id, (self.waiting_at(), expected_bpmn_id)
        task = self.step.ready_user_tasks[0]
        self.trail.append((task.bpmn_id, task.lane))
        self.step = self.engine.complete_user_task(self.cache_key, self.spec(), reload(self.step.state),
                                                   task.engine_task_id, data)
        return self.step

    def approve_all(self) -> list[str]:
        """Approve every review until the instance ends; returns the reviews passed."""
        passed = []
        while self.waiting_at() is not None:
            bpmn_id = self.waiting_at()
            assert bpmn_id != "resubmit"
            passed.append(bpmn_id)
            self.act(bpmn_id, {"decision": "approve"})
        return passed


# --- achievement library: processes/library_approval.bpmn with rules/library_lane.dmn, library_steps.dmn ---

LIBRARY_KEY = "library_approval"
LIBRARY_FIELDS = ("book_type", "post_category", "teaching_level", "research_owner")
"""Routing inputs of library_lane besides record_type (the service sends each, None when empty)."""


RESEARCH_TYPES = ("A04", "A07", "A11", "A12", "A13", "A14", "A16", "A17")
"""Library types whose 归属单位 (research_owner) routes them (library_lane L2/L3)."""


def library_forms() -> dict[str, dict]:
    """forms/A*.json by record-type code (catalog §1.4 register)."""
    return {code: doc for code, doc in FORM_DOCS.items() if code.startswith("A")}


def library_routing(record_type: str, origin: str = "teacher", category: str | None = None,
                    **fields: object) -> dict[str, object]:
    """Start/resubmit data of a library record as the service builds it (process_steps.routing_inputs):
    every table input defaulting to None, plus record_type, category (the form's) and origin."""
    unknown = set(fields) - set(LIBRARY_FIELDS)
    assert not unknown, unknown
    form = library_forms().get(record_type)
    data: dict[str, object] = dict.fromkeys(LIBRARY_FIELDS)
    data.update(record_type=record_type, category=category or (form["category"] if form else None), origin=origin)
    data.update(fields)
    return data


@cache
def library_compiled() -> CompiledProcess:
    """The shipped library process compiled with rules/*.dmn (as the workload process is)."""
    return WorkflowEngine().compile_process(read(PROCESSES / f"{LIBRARY_KEY}.bpmn"),
                                            [read(p) for p in sorted(RULES.glob("*.dmn"))], LIBRARY_KEY)


@dataclass
class LibraryInstance(Instance):
    """An :class:`Instance` of library_approval (or of ``spec_json``, e.g. a test variant of it)."""

    spec_json: str = ""

    def __post_init__(self) -> None:
        if not self.spec_json:
            self.spec_json = library_compiled().spec_json

    @property
    def cache_key(self) -> str:
        return f"{LIBRARY_KEY}:{self.policy}"

    def spec(self) -> str:
        return self.spec_json


def reversed_rules(dmn: bytes) -> bytes:
    """The same table with its rows in reverse order."""
    root = etree.fromstring(dmn)
    table = root.find(".//{*}decisionTable")
    rules = table.findall("{*}rule")
    for rule in rules:
        table.remove(rule)
    for rule in reversed(rules):
        table.append(rule)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
