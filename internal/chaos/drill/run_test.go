package drill

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/triage/triage/internal/chaos"
)

func TestDefaultsShortIsSmaller(t *testing.T) {
	full, short := Defaults(false), Defaults(true)
	if full.Records != 100_000 || full.Kills != 20 || full.BrokerStop != 20*time.Second {
		t.Errorf("full form %+v: want issue 9's 100k records, 20 kills, 20 s outage", full)
	}
	if short.Records >= full.Records || short.Kills >= full.Kills || short.BrokerStop >= full.BrokerStop {
		t.Errorf("short form %+v is not shorter", short)
	}
}

func TestScenarioNamed(t *testing.T) {
	for _, n := range []string{"c", "c-broker"} {
		if s, err := scenarioNamed(n); err != nil || s.Name != "c-broker" {
			t.Errorf("scenarioNamed(%q) = %v, %v", n, s.Name, err)
		}
	}
	if _, err := scenarioNamed("z"); err == nil {
		t.Error("unknown scenario: want an error")
	}
	if len(Scenarios()) != 7 {
		t.Errorf("%d scenarios, want a-g", len(Scenarios()))
	}
}

func TestTable(t *testing.T) {
	pass := &chaos.Report{Deliveries: chaos.Deliveries{Records: 10}, Drained: true, Drain: 3 * time.Second, Criteria: chaos.Criteria{BoundPerCrash: 5, Crashes: 2}}
	pass.Judge()
	fail := &chaos.Report{Drain: time.Minute, Regressions: []chaos.Regression{{}}}
	fail.Judge()
	tab := Table([]Outcome{{"a-kill", pass, nil}, {"b-rolling", fail, nil}, {"c-broker", nil, errors.New("boom")}})
	for _, want := range []string{"| a-kill | 10 | 0 | 0 (2, 0, 5) | 0 | 0 | 3s | pass |", "not drained in 1m0s | FAIL |", "ERROR: boom"} {
		if !strings.Contains(tab, want) {
			t.Errorf("table lacks %q:\n%s", want, tab)
		}
	}
}
