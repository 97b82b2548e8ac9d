"""One pandera model per warehouse table; codes come from the vocabulary, not from here."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from extractors.document import SECTION_KINDS, VALUE_KINDS
from extractors.vocabulary import lexicon

DISEASES = lexicon("disease").codes
CELL_SOURCES = lexicon("cell_source").codes
ROUTES = lexicon("route").codes
ORIGINS = lexicon("origin").codes
MEASURES = [*lexicon("measure").codes, "other"]
INTERVENTIONS = ["MSCT", "HSCT"]
DOSE_UNITS = ["cells/kg", "cells", "cells/joint", "cells/ml", "cells/l", "cells/cm2", "cells/lesion", "cells/fistula"]
FORMATS = ["txt", "html", "pdf", "jats"]
DESIGNS = ["rct", "controlled", "single-arm", "cohort", "registry", "meta-analysis", "review"]


def joined_codes_ok(series: pd.Series, codes: list[str]) -> pd.Series:
    """True where every '+'-joined part is one of `codes` and the parts are in alphabetical order."""
    allowed = set(codes)

    def ok(value) -> bool:
        if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
            return True
        parts = str(value).split("+")
        return all(p in allowed for p in parts) and parts == sorted(parts)

    return series.map(ok).astype(bool)


class DocumentModel(pa.DataFrameModel):
    doc_id: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$", unique=True)
    source_file: Series[str] = pa.Field(str_length={"min_value": 1})
    format: Series[str] = pa.Field(isin=FORMATS)
    title: Series[str] = pa.Field(nullable=True)
    doi: Series[str] = pa.Field(nullable=True, str_matches=r"^10\.\d{4,9}/\S+$")
    journal: Series[str] = pa.Field(nullable=True)
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1900, le=2100)
    study_label: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 200})  # "Wang 2014", else the file
    design: Series[str] = pa.Field(nullable=True, isin=DESIGNS)
    extractor_version: Series[str]
    raw_text: Series[str]

    class Config:
        coerce = True


class TrialArmModel(pa.DataFrameModel):
    arm_id: Series[str] = pa.Field(unique=True)
    doc_id: Series[str]
    source_file: Series[str]
    row_no: Series[int] = pa.Field(ge=1)
    line_start: Series[int] = pa.Field(ge=1)
    line_end: Series[int] = pa.Field(ge=1)
    disease: Series[str] = pa.Field(nullable=True, isin=DISEASES)
    disease_text: Series[str] = pa.Field(nullable=True)
    cell_source: Series[str] = pa.Field(nullable=True)
    cell_text: Series[str] = pa.Field(nullable=True)
    origin: Series[str] = pa.Field(nullable=True, isin=ORIGINS)
    route: Series[str] = pa.Field(nullable=True)
    route_text: Series[str] = pa.Field(nullable=True)
    n_patients: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, le=1_000_000)
    dose_text: Series[str] = pa.Field(nullable=True)
    dose_min: Series[float] = pa.Field(nullable=True, gt=0, lt=1e13)
    dose_max: Series[float] = pa.Field(nullable=True, gt=0, lt=1e13)
    dose_unit: Series[str] = pa.Field(nullable=True, isin=DOSE_UNITS)
    outcome_text: Series[str] = pa.Field(nullable=True)
    adverse_events: Series[str] = pa.Field(nullable=True)
    registry_id: Series[str] = pa.Field(nullable=True)
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1950, le=2100)
    reference: Series[str] = pa.Field(nullable=True)
    table_title: Series[str] = pa.Field(nullable=True)

    @pa.check("cell_source", error="tissue codes joined by '+' in alphabetical order")
    def cell_source_codes(cls, series: pd.Series) -> pd.Series:
        return joined_codes_ok(series, CELL_SOURCES)

    @pa.check("route", error="route codes joined by '+' in alphabetical order")
    def route_codes(cls, series: pd.Series) -> pd.Series:
        return joined_codes_ok(series, ROUTES)

    @pa.dataframe_check(error="line_end is before line_start")
    def lines_in_order(cls, df: pd.DataFrame) -> pd.Series:
        return df["line_end"] >= df["line_start"]

    @pa.dataframe_check(error="dose_max is below dose_min")
    def dose_in_order(cls, df: pd.DataFrame) -> pd.Series:
        return df["dose_min"].isna() | df["dose_max"].isna() | (df["dose_max"] >= df["dose_min"])

    class Config:
        coerce = True


class FindingModel(pa.DataFrameModel):
    finding_id: Series[str] = pa.Field(unique=True)
    doc_id: Series[str]
    source_file: Series[str]
    intervention: Series[str] = pa.Field(nullable=True, isin=INTERVENTIONS)
    arm: Series[str] = pa.Field(nullable=True)
    disease: Series[str] = pa.Field(nullable=True, isin=DISEASES)
    measure: Series[str] = pa.Field(isin=MEASURES)
    measure_text: Series[str] = pa.Field(nullable=True)
    timepoint_months: Series[float] = pa.Field(nullable=True, ge=0, le=600)
    value: Series[float] = pa.Field(nullable=True)
    unit: Series[str] = pa.Field(nullable=True)
    sd: Series[float] = pa.Field(nullable=True, ge=0)
    n: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    numerator: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    denominator: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    ci_low: Series[float] = pa.Field(nullable=True)
    ci_high: Series[float] = pa.Field(nullable=True)
    section: Series[str] = pa.Field(nullable=True, isin=list(SECTION_KINDS))
    timepoint_text: Series[str] = pa.Field(nullable=True)
    disease_name: Series[str] = pa.Field(nullable=True)
    value_kind: Series[str] = pa.Field(isin=list(VALUE_KINDS))
    population: Series[str] = pa.Field(nullable=True)
    restated: Series[bool] = pa.Field(nullable=True)
    evidence_text: Series[str] = pa.Field(str_length={"min_value": 1})
    char_start: Series[int] = pa.Field(ge=0)
    char_end: Series[int] = pa.Field(ge=0)

    @pa.dataframe_check(error="a negative value that is not a change from baseline")
    def negative_only_as_change(cls, df: pd.DataFrame) -> pd.Series:
        return df["value"].isna() | (df["value"] >= 0) | (df["value_kind"] == "change")

    @pa.dataframe_check(error="numerator is larger than denominator")
    def proportion(cls, df: pd.DataFrame) -> pd.Series:
        return df["numerator"].isna() | df["denominator"].isna() | (df["numerator"] <= df["denominator"])

    @pa.dataframe_check(error="a percentage above 100")
    def percent(cls, df: pd.DataFrame) -> pd.Series:
        return (df["unit"] != "%") | df["value"].isna() | (df["value"] <= 100)

    @pa.dataframe_check(error="ci_high is below ci_low")
    def ci_in_order(cls, df: pd.DataFrame) -> pd.Series:
        return df["ci_low"].isna() | df["ci_high"].isna() | (df["ci_high"] >= df["ci_low"])

    @pa.dataframe_check(error="char_end is not after char_start")
    def span(cls, df: pd.DataFrame) -> pd.Series:
        return df["char_end"] > df["char_start"]

    class Config:
        coerce = True
