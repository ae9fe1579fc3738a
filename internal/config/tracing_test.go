package config

import (
	"strings"
	"testing"
)

func TestTracingValidation(t *testing.T) {
	tests := []struct {
		name string
		t    Tracing
		want string // "" for valid
	}{
		{"off", Tracing{SampleRatio: 1, ServiceName: "triage"}, ""},
		{"url", Tracing{OTLPEndpoint: "http://otel:4318", SampleRatio: 0.1, ServiceName: "triage"}, ""},
		{"url with path", Tracing{OTLPEndpoint: "https://otel.example/otlp/v1/traces", SampleRatio: 1, ServiceName: "t"}, ""},
		{"host port", Tracing{OTLPEndpoint: "otel:4318", Insecure: true, SampleRatio: 0, ServiceName: "t"}, ""},
		{"bad scheme", Tracing{OTLPEndpoint: "grpc://otel:4317", SampleRatio: 1, ServiceName: "t"}, "tracing.otlp_endpoint:"},
		{"no port", Tracing{OTLPEndpoint: "otel", SampleRatio: 1, ServiceName: "t"}, "tracing.otlp_endpoint:"},
		{"https insecure", Tracing{OTLPEndpoint: "https://otel:4318", Insecure: true, SampleRatio: 1, ServiceName: "t"}, "tracing.insecure:"},
		{"ratio", Tracing{SampleRatio: 1.5, ServiceName: "t"}, "tracing.sample_ratio: must be within 0..1, got 1.5"},
		{"no name", Tracing{SampleRatio: 1}, "tracing.service_name: required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := tt.t.validate()
			switch {
			case tt.want == "" && len(errs) > 0:
				t.Fatalf("valid settings refused: %v", errs)
			case tt.want != "" && (len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.want)):
				t.Fatalf("errors %v, want one containing %q", errs, tt.want)
			}
		})
	}
}
