-- The qualification of a measure: what a finding's words say beyond the measure itself, so that a
-- pool takes like with like ("renal relapse" and "relapse of proteinuria" are not "relapse").
--
-- The key is the sorted, space-joined set of
--   1. the words of `measure_text` (the words the measure was named by) that are not the measure
--      code's own words and not filler (inflections, synonyms of the outcome noun, articles):
--      "complete renal remission" -> 'renal', "complete remission" -> NULL;
--   2. an abbreviation `measure_text` (capitals, digits) that is the code's initials is the measure
--      itself ("CR" for complete_remission, "SAEs"); any other is read as words like 1
--      ("SLEDAI" is sledai itself; "ACR50" or "SRI-4" qualify `response`);
--   3. from the sentence, around the first mention of `measure_text`: the word just before it
--      when it reads as a qualifying adjective (-al, -ic, -ous, -ary: "renal relapse",
--      "haematological response") or is an abbreviation ("MRI remission"), and the word after "of" just after it ("relapse of
--      proteinuria"), unless filler.
-- NULL when nothing qualifies the measure. When in doubt a qualification keeps findings apart: a
-- pool may be smaller than it could be, never mixed.

CREATE OR REPLACE MACRO qualifier_filler() AS [
    'a', 'an', 'the', 'of', 'and', 'or', 'in', 'at', 'to', 'for', 'least', 'all', 'any', 'its', 'their', 'this',
    'these', 'those', 'rate', 'rates', 'ratio', 'proportion', 'level', 'levels', 'patients', 'patient', 'cases',
    'subjects', 'participants', 'response', 'responses', 'responders', 'remission', 'remissions', 'relapsed',
    'relapses', 'recurrence', 'recurred', 'flare', 'flares', 'survived', 'died', 'death', 'deaths', 'overall',
    'clinical', 'total', 'partial', 'initial', 'final', 'additional', 'disease', 'diseases', 'treatment',
    'therapy', 'transplantation', 'lupus', 'nephritis'
];

CREATE OR REPLACE MACRO qualifier_words(measure, words) AS list_filter(
    words,
    lambda w: w <> '' AND NOT list_contains(string_split(measure, '_'), w) AND NOT list_contains(qualifier_filler(), w)
);

CREATE OR REPLACE MACRO measure_qualifier(measure, measure_text, evidence_text) AS (
    WITH named AS (
        SELECT
            coalesce(measure_text, '')                                          AS term,
            lower(coalesce(measure_text, ''))                                   AS term_lower,
            coalesce(evidence_text, '')                                         AS sentence,
            -- the first mention as a whole word (punctuation as spaces, so lengths and places stay)
            strpos(' ' || regexp_replace(lower(coalesce(evidence_text, '')), '[^a-z0-9]', ' ', 'g') || ' ',
                   ' ' || regexp_replace(lower(coalesce(measure_text, '')), '[^a-z0-9]', ' ', 'g') || ' ') AS mention_at
    ),
    parts AS (
        SELECT
            CASE
                WHEN term = '' THEN []
                WHEN regexp_matches(term, '^[A-Z0-9-]+s?$')
                     AND regexp_replace(regexp_replace(term, 's$', ''), '[^A-Z]', '', 'g')
                         = array_to_string(list_transform(string_split(measure, '_'), lambda w: upper(w[1])), '')
                    THEN []
                ELSE qualifier_words(measure, regexp_split_to_array(term_lower, '[^a-z0-9]+'))
            END AS own,
            CASE WHEN mention_at > 1 AND term <> '' THEN regexp_extract(substr(sentence, 1, mention_at - 1), '([A-Za-z]+)[\s-]+$', 1)
                 ELSE '' END AS word_before,
            CASE WHEN mention_at > 0 AND term <> ''
                 THEN lower(regexp_extract(substr(sentence, mention_at + length(term_lower)), '^\s+of\s+(?:the\s+)?([A-Za-z][A-Za-z-]*)', 1))
                 ELSE '' END AS word_after
        FROM named
    )
    SELECT nullif(array_to_string(list_sort(list_distinct(
        own
        || qualifier_words(measure, CASE WHEN regexp_matches(word_before, '^[A-Z]{2,}$|(al|ic|ous|ary)$')
                                         THEN [lower(word_before)] ELSE [] END)
        || qualifier_words(measure, [word_after])
    )), ' '), '')
    FROM parts
);
