package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/triage/triage/processors/rules"
)

func TestLoadCases(t *testing.T) {
	write := func(t *testing.T, text string) string {
		p := filepath.Join(t.TempDir(), "cases.jsonl")
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	route := func(path string) (int, []string, error) {
		cs, err := loadCases[rules.RouteGold](path, checkRouteGold)
		var ids []string
		for _, c := range cs {
			ids = append(ids, c.Case.ID)
		}
		return len(cs), ids, err
	}
	order := func(path string) (int, []string, error) {
		cs, err := loadCases[rules.OrderGold](path, checkOrderGold)
		return len(cs), nil, err
	}
	tests := []struct {
		name  string
		load  func(string) (int, []string, error)
		text  string
		n     int
		ids   string // comma-separated
		inErr string
	}{
		{"blank lines and missing id", route, "\n{\"body\":\"hi\",\"gold\":{\"queue\":\"a\"}}\n\n  \n{\"id\":\"x\",\"gold\":{\"queue\":\"b\"}}\n",
			2, "line 2,x", ""},
		{"unknown key", route, `{"id":"a","gold":{"queue":"a"},"label":"a"}`, 0, "", `line 1: json: unknown field "label"`},
		{"truncated", route, "{\"gold\":{\"queue\":\"a\"}}\n{\"gold\":", 0, "", "line 2:"},
		{"two values", route, `{"gold":{"queue":"a"}} {"gold":{"queue":"b"}}`, 0, "", "line 1: more than one JSON value"},
		{"no queue", route, `{"id":"a","gold":{}}`, 0, "", "line 1: gold.queue is missing or empty"},
		{"empty file", route, "\n\n", 0, "", "no cases"},
		{"order ok", order, `{"gold":{"is_order":true,"items":[{"sku":"A-1","quantity":2,"unit_price":1.5}],"currency":"EUR"}}`, 1, "", ""},
		{"items without order", order, `{"gold":{"is_order":false,"items":[{"sku":"A-1","quantity":2}]}}`, 0, "", "is_order is false"},
		{"zero quantity", order, `{"gold":{"is_order":true,"items":[{"sku":"A-1","quantity":0}]}}`, 0, "", "items[0].quantity 0"},
		{"nameless item", order, `{"gold":{"is_order":true,"items":[{"quantity":1}]}}`, 0, "", "neither product nor sku"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, ids, err := tt.load(write(t, tt.text))
			switch {
			case tt.inErr == "" && err != nil:
				t.Fatalf("error %v", err)
			case tt.inErr != "" && (err == nil || !strings.Contains(err.Error(), tt.inErr)):
				t.Fatalf("error %v, want one containing %q", err, tt.inErr)
			case n != tt.n || tt.ids != "" && strings.Join(ids, ",") != tt.ids:
				t.Fatalf("%d cases %v, want %d %s", n, ids, tt.n, tt.ids)
			}
		})
	}
}
