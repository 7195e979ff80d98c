"""Spec JSON and spec-free instance state (engine-notes §4).

* ``spec_json`` (stored once per definition version):
  ``{"serializer_version": "1.5", "spec": {...}, "subprocess_specs": {...}}``.
* instance ``state`` (stored per instance, ~5 KB): the workflow without its spec, plus
  ``serializer_version``. JSON text with ``ensure_ascii=False`` and compact separators.

State written by an older serializer version is migrated on load through SpiffWorkflow's own
migration functions (``SpiffWorkflow.bpmn.serializer.migration.version_migration.MIGRATIONS``), the way
spiff-arena's data migrations do it: the spec dict is attached for the migration (the functions rewrite
spec and tasks together), the chain is walked step by step to the current version, and the spec is
stripped again (the instance runs on the cached spec of its definition version). The next ``dump_state``
writes the current version.

Business-rule tasks are restored with :class:`~app.engine.decisions.StrictDMNEngine`.
The registry is used in plain (non-encoder) mode, which keeps it free of shared mutable flags.
"""
from __future__ import annotations

import json
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.serializer.migration.version_migration import MIGRATIONS
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.spiff.serializer import DEFAULT_CONFIG
from SpiffWorkflow.spiff.serializer.task_spec import BusinessRuleTaskConverter
from SpiffWorkflow.spiff.specs.defaults import BusinessRuleTask

from .decisions import StrictDMNEngine

SpecBundle = tuple[BpmnProcessSpec, dict[str, BpmnProcessSpec]]


class SpecFreeWorkflowConverter(BpmnWorkflowConverter):
    """Workflow converter that leaves the spec out; the caller supplies the cached spec on restore."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["spec_name"] = workflow.spec.name
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct: dict[str, Any], spec: BpmnProcessSpec | None = None,
                  subprocess_specs: dict[str, BpmnProcessSpec] | None = None) -> BpmnWorkflow:
        dct = dict(dct)
        dct.pop("spec_name", None)
        return super().from_dict(dict(dct, spec=spec, subprocess_specs=subprocess_specs or {}))


class StrictBusinessRuleTaskConverter(BusinessRuleTaskConverter):
    """Restore business-rule tasks with a DMN engine that fails on 'no rule matches'."""

    def from_dict(self, dct: dict[str, Any]) -> BusinessRuleTask:
        spec = super().from_dict(dct)
        spec.dmnEngine = StrictDMNEngine(spec.dmnEngine.decision_table)
        return spec


def _build_serializer() -> BpmnWorkflowSerializer:
    """Serializer with the Spiff config, the spec-free workflow converter and strict DMN restore."""
    config = dict(DEFAULT_CONFIG)
    config[BpmnWorkflow] = SpecFreeWorkflowConverter
    config[BusinessRuleTask] = StrictBusinessRuleTaskConverter
    return BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(config))


SERIALIZER = _build_serializer()
SERIALIZER_VERSION: str = SERIALIZER.VERSION


def _dumps(value: object) -> str:
    """Compact JSON, non-ASCII kept as is."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def dump_spec(spec: BpmnProcessSpec, subprocess_specs: dict[str, BpmnProcessSpec]) -> str:
    """Serialize a parsed spec (+ subprocess specs) to ``spec_json``."""
    return _dumps({
        "serializer_version": SERIALIZER_VERSION,
        "spec": SERIALIZER.to_dict(spec),
        "subprocess_specs": {name: SERIALIZER.to_dict(sub) for name, sub in subprocess_specs.items()},
    })


def load_spec(spec_json: str) -> SpecBundle:
    """Rebuild ``(spec, subprocess_specs)`` from ``spec_json`` (0.7–1 ms vs 5–8 ms to re-parse XML).

    Raises:
        ValueError: the text is not a spec document of this serializer version.
    """
    dct = json.loads(spec_json)
    if not isinstance(dct, dict) or dct.get("serializer_version") != SERIALIZER_VERSION or "spec" not in dct:
        raise ValueError(f"spec_json is not a serializer {SERIALIZER_VERSION} spec document")
    spec = SERIALIZER.from_dict(dct["spec"])
    subs = {name: SERIALIZER.from_dict(sub) for name, sub in dct.get("subprocess_specs", {}).items()}
    return spec, subs


def dump_state(workflow: BpmnWorkflow) -> str:
    """Serialize an instance without its spec."""
    return _dumps(dict(SERIALIZER.to_dict(workflow), serializer_version=SERIALIZER_VERSION))


MIGRATION_REACHES: dict[str, str] = {"1.0": "1.3", "1.1": "1.3", "1.2": "1.3", "1.3": "1.4", "1.4": "1.5"}
"""Version each of SpiffWorkflow's ``MIGRATIONS[v]`` functions leaves a dict at. 1.0 and 1.1 chain on to
1.3 by themselves; ``from_version_1_2`` and ``from_version_1_3`` stop after one step (engine-notes §4), so
:func:`migrate_state` calls the next function itself."""


def migrate_state(dct: dict[str, Any], bundle: SpecBundle) -> dict[str, Any]:
    """Bring a spec-free state dict written by an older serializer version up to ``SERIALIZER_VERSION``.

    Args:
        dct: the parsed state, with its ``serializer_version`` (removed here).
        bundle: the cached spec of the instance's definition version; its dict is attached while
            SpiffWorkflow's migration functions run (they read and rewrite ``spec`` with the tasks).

    Returns:
        The state dict without ``serializer_version``, ready for ``SERIALIZER.from_dict``.

    Raises:
        ValueError: no serializer version, or one SpiffWorkflow has no migration path from (newer
            than this library, or unknown).

    Source: SpiffWorkflow ``bpmn/serializer/migration``, engine-notes §4 (serializer-version migration).
    """
    version = dct.pop(SERIALIZER.VERSION_KEY, None)
    if not isinstance(version, str):
        raise ValueError("state has no serializer_version")
    if version == SERIALIZER_VERSION:
        return dct
    if version not in MIGRATIONS:
        raise ValueError(f"state of serializer version {version} cannot be migrated to {SERIALIZER_VERSION}")
    spec, subs = bundle
    dct["spec"] = SERIALIZER.to_dict(spec)
    dct["subprocess_specs"] = {name: SERIALIZER.to_dict(sub) for name, sub in subs.items()}
    while version != SERIALIZER_VERSION:
        if version not in MIGRATIONS:
            raise ValueError(f"no migration from serializer version {version}")
        MIGRATIONS[version](dct)
        version = MIGRATION_REACHES[version]
    for key in ("spec", "subprocess_specs", "VERSION"):
        dct.pop(key, None)
    return dct


def load_state(state: str, bundle: SpecBundle) -> BpmnWorkflow:
    """Restore an instance from spec-free ``state`` and the cached spec bundle (no script engine set).

    State of an older serializer version is migrated first (:func:`migrate_state`).

    Raises:
        ValueError: the state is not JSON of a known serializer version.
    """
    dct = json.loads(state)
    if not isinstance(dct, dict):
        raise ValueError("state is not a JSON object")
    dct = migrate_state(dct, bundle)
    spec, subs = bundle
    return SERIALIZER.from_dict(dct, spec=spec, subprocess_specs=subs)


def state_version(state: str) -> str | None:
    """The serializer version a stored state was written with (``None`` if it carries none)."""
    dct = json.loads(state)
    version = dct.get(SERIALIZER.VERSION_KEY) if isinstance(dct, dict) else None
    return version if isinstance(version, str) else None
