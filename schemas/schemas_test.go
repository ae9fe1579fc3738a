package schemas

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadCompilesEverySchema(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{Email, Ticket, TicketRouted, EmailOrder, DeadLetter} {
		if _, ok := s.compiled[n]; !ok {
			t.Errorf("schema %s not compiled", n)
		}
	}
}

// TestSamples validates every file under testdata/<schema name without
// .json>/{valid,invalid}/: valid ones must pass, invalid ones must fail.
func TestSamples(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	dirs, _ := filepath.Glob("testdata/*")
	if len(dirs) == 0 {
		t.Fatal("no samples under testdata")
	}
	for _, dir := range dirs {
		name := filepath.Base(dir) + ".json"
		for _, want := range []string{"valid", "invalid"} {
			paths, _ := filepath.Glob(filepath.Join(dir, want, "*.json"))
			for _, p := range paths {
				t.Run(name+"/"+want+"/"+filepath.Base(p), func(t *testing.T) {
					data, err := os.ReadFile(p)
					if err != nil {
						t.Fatal(err)
					}
					err = s.ValidateJSON(name, data)
					if want == "valid" && err != nil {
						t.Fatalf("want valid, got %v", err)
					}
					if want == "invalid" && err == nil {
						t.Fatal("want invalid, got valid")
					}
					if err != nil {
						t.Logf("%v", err)
					}
				})
			}
		}
	}
}

func TestValidateErrors(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ValidateJSON("nope.json", []byte(`{}`)); err == nil || !strings.Contains(err.Error(), "unknown") {
		t.Errorf("unknown schema: got %v", err)
	}
	if err := s.ValidateJSON(Ticket, []byte(`{`)); err == nil || !strings.Contains(err.Error(), "not JSON") {
		t.Errorf("bad json: got %v", err)
	}
	err = s.ValidateJSON(Ticket, []byte(`{"ticket_id":"t1"}`))
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing fields: got %v", err)
	}
	big := `{"ticket_id":1,"subject":2,"body":3,"channel":4,"customer":5,"created_at":6,` +
		strings.Repeat(`"x`, 1) + strings.Repeat("y", 3000) + `":1}`
	if err := s.ValidateJSON(Ticket, []byte(big)); err == nil || len(err.Error()) > maxErrorBytes+100 {
		t.Errorf("error not bounded: %d bytes", len(err.Error()))
	}
}

// MaxOrderItems is the schema's own limit: decision.items maxItems, and
// items_total of a truncated order starts just above it.
func TestMaxOrderItemsMatchesSchema(t *testing.T) {
	raw, err := Raw(EmailOrder)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Properties struct {
			Data struct {
				Properties struct {
					Decision struct {
						Properties struct {
							Items      struct{ MaxItems int } `json:"items"`
							ItemsTotal struct{ Minimum int }  `json:"items_total"`
						} `json:"properties"`
					} `json:"decision"`
				} `json:"properties"`
			} `json:"data"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	d := doc.Properties.Data.Properties.Decision.Properties
	if d.Items.MaxItems != MaxOrderItems || d.ItemsTotal.Minimum != MaxOrderItems+1 {
		t.Fatalf("schema items maxItems %d, items_total minimum %d; MaxOrderItems is %d", d.Items.MaxItems, d.ItemsTotal.Minimum, MaxOrderItems)
	}
}

// TestURL: every schema's URL is its $id, the output schemas' made once
// included.
func TestURL(t *testing.T) {
	for _, n := range []string{Email, Ticket, TicketRouted, EmailOrder, DeadLetter, ReviewTask, Correction, LLMRouteAnswer, "other.json"} {
		if got := URL(n); got != "https://github.com/triage/triage/schemas/"+n {
			t.Errorf("URL(%q) = %q", n, got)
		}
	}
}
