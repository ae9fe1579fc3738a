package chaos

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestJudgePassesWithinTheBound(t *testing.T) {
	r := Report{Scenario: "kill", Criteria: Criteria{BoundPerCrash: 10, Crashes: 3}, Drained: true,
		Deliveries: Deliveries{Records: 100, Duplicates: 30}}
	r.Judge()
	if !r.Pass || len(r.Failures) != 0 || r.DuplicatesPerCrash != 10 {
		t.Fatalf("report %+v: want a pass at exactly the bound", r)
	}
	if !strings.HasPrefix(r.Summary(), "PASS kill") {
		t.Errorf("summary = %q", r.Summary())
	}
}

func TestJudgeNamesEveryFailedCriterion(t *testing.T) {
	r := Report{Scenario: "kill", Criteria: Criteria{BoundPerCrash: 10, Crashes: 1},
		Deliveries: Deliveries{Records: 100, Lost: 1, LostSample: []Coord{{"t", 0, 4}}, Duplicates: 11,
			Inversions: 1, InversionSample: []Inversion{{Stream: "o/0"}}, Unknown: 1},
		Regressions: []Regression{{Partition: Partition{"t", 0}, From: 270, To: 30}}}
	r.Judge()
	if r.Pass || len(r.Failures) != 6 {
		t.Fatalf("failures = %q, want lost, duplicates, inversions, regressions, unknown, not drained", r.Failures)
	}
	var back Report
	if err := json.Unmarshal(r.JSON(), &back); err != nil || back.Pass || back.Lost != 1 {
		t.Fatalf("JSON round trip: %v %+v", err, back)
	}
	if s := r.Summary(); !strings.Contains(s, "FAIL kill") || !strings.Contains(s, "270 then 30") {
		t.Errorf("summary lacks the verdict or the regression:\n%s", s)
	}
}

func TestJudgeNoDuplicatesWithoutCrashes(t *testing.T) {
	r := Report{Criteria: Criteria{BoundPerCrash: 100}, Drained: true, Deliveries: Deliveries{Duplicates: 1}}
	r.Judge()
	if r.Pass {
		t.Fatal("a duplicate without a crash must fail")
	}
}

func TestJudgeFailsOnProblems(t *testing.T) {
	r := Report{Drained: true, Problems: []string{"triage-1 stayed ready through the outage"}}
	r.Judge()
	if r.Pass || len(r.Failures) != 1 || r.Failures[0] != r.Problems[0] {
		t.Fatalf("failures = %q, want the problem", r.Failures)
	}
}
