"""Lazy validation: the rows that pass load, the rows that fail become readable rejects."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from schemas.models import DocumentModel, FindingModel, TrialArmModel

MODELS: dict[str, type[pa.DataFrameModel]] = {
    "documents": DocumentModel,
    "trial_arms": TrialArmModel,
    "findings": FindingModel,
}
COLUMNS = {table: list(model.to_schema().columns) for table, model in MODELS.items()}  # built once, at import


@dataclass
class Checked:
    valid: pd.DataFrame
    rejects: list[dict]  # source_file, doc_id, stage, record, errors


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """Rows as a frame with exactly the model's columns, in order."""
    return pd.DataFrame(rows, columns=COLUMNS[table]).astype(object).where(lambda d: d.notna(), None)


def validate(table: str, rows: list[dict]) -> Checked:
    df = frame(table, rows)
    if df.empty:
        return Checked(df, [])
    try:
        return Checked(MODELS[table].validate(df, lazy=True), [])
    except SchemaErrors as err:
        cases = err.failure_cases
        row_cases = cases[cases["index"].notna()]
        if len(row_cases) < len(cases):
            raise  # a whole column is wrong: a fault of the extractor, not of one record
        problems: dict[int, list[str]] = {}
        for case in row_cases.itertuples():
            if case.schema_context == "DataFrameSchema":
                problem = str(case.check)
            else:
                problem = f"{case.column}: {case.check} (got {case.failure_case!r})"
            problems.setdefault(int(case.index), []).append(problem)
        bad = sorted(problems)
        rejects = [_reject(table, df.loc[i].to_dict(), problems[i]) for i in bad]
        good = df.drop(index=bad)
        return Checked(MODELS[table].validate(good, lazy=True) if len(good) else good, rejects)


def _reject(table: str, record: dict, problems: list[str]) -> dict:
    where = record.get("source_file", "?")
    if record.get("line_start"):
        where += f":{record['line_start']}"
    return {
        "source_file": record.get("source_file"),
        "doc_id": record.get("doc_id"),
        "stage": f"validate:{table}",
        "record": json.dumps(record, default=str, ensure_ascii=False),
        "errors": f"{where}: " + "; ".join(dict.fromkeys(problems)),
    }
