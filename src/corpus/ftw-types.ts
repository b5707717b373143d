/**
 * What a go-ftw / CRS test stage expects, as the ftw reader parsed it from the stage's `output`, and
 * which go-ftw test a corpus request belongs to. A leaf (no imports): the corpus origin carries these
 * into replay's outcomes, where compare reads them.
 */

/**
 * One stage's expectations (go-ftw `output`, old and new format). Absent fields are not checked; what
 * waf-gate cannot check from its records is listed in `unsupported`, never treated as met.
 */
export interface FtwExpectation {
  /** Accepted HTTP statuses (any of): `status: 403` or the old `status: [200, 404]`. */
  status?: number[];
  /** Rule ids that must have fired: `log.expect_ids`, or `log_contains` / `match_regex` of the form `id "N"`. */
  expectIds?: string[];
  /** Rule ids that must not have fired: `log.no_expect_ids`, `no_log_contains` / `no_match_regex` `id "N"`. */
  noExpectIds?: string[];
  /**
   * `expect_error`: true, the request must end without an HTTP response (connection closed or reset,
   * timeout); false or absent, an error fails the stage, as in go-ftw.
   */
  expectError?: boolean;
  /** `isolated: true`: exactly one rule id may fire. */
  isolated?: boolean;
  /** Expectations waf-gate cannot check (e.g. `response_contains`, a free-text log regex), each with why. */
  unsupported?: string[];
}

/** The go-ftw test (and stage) a corpus request is. */
export interface FtwStageRef {
  /** go-ftw's test id: `test_title` (old format) or `<rule_id>-<test_id>` (new format). */
  test: string;
  /** The rule the test targets (file `rule_id`, or the number before `-` of an old `test_title`). */
  ruleId: number | null;
  /** The test's id within the rule (`test_id`, else its 1-based position; old: after the `-`). */
  testId: number | null;
  /** 0-based stage index within the test. */
  stage: number;
  /** Stages the test has. */
  stages: number;
  expect: FtwExpectation;
}
