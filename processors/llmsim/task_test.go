package llmsim

import "testing"

func TestInferTask(t *testing.T) {
	tests := []struct {
		name, schema, system, want string
	}{
		{name: "schema route", schema: "route_ticket_v1", system: "Extract the order.", want: TaskRoute},
		{name: "schema extract", schema: "Extract_order", want: TaskExtract},
		{name: "schema other, prompt routing", schema: "decision", system: "You are a ticket routing assistant.", want: TaskRoute},
		{name: "prompt extract first", system: "Extract the order lines; do not route.", want: TaskExtract},
		{name: "prompt route first", system: "Route the ticket; do not extract anything.", want: TaskRoute},
		{name: "unknown", system: "Say hello.", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := inferTask(tt.schema, tt.system); got != tt.want {
				t.Errorf("inferTask(%q, %q) = %q, want %q", tt.schema, tt.system, got, tt.want)
			}
		})
	}
}
