package pipeline_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/sim"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/llmsim"
	"github.com/triage/triage/processors/rules"
)

// fakeLLM starts the fake OpenAI-compatible server answering from the
// default rules, stopped at the end of the test. Model defaults to
// "sim-model" and Latency to 1-2 ms.
func fakeLLM(t testing.TB, cfg llmsim.Config) (*llmsim.Server, string) {
	t.Helper()
	rs, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Model == "" {
		cfg.Model = "sim-model"
	}
	if cfg.Latency == (llmsim.Dist{}) {
		cfg.Latency = llmsim.Dist{Min: time.Millisecond, Median: time.Millisecond, P99: 2 * time.Millisecond}
	}
	s, url, stop, err := llmsim.Start(cfg, sim.RulesAnswerer(rs))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return s, url
}

// offlineConfig is the default configuration with the LLM at url (model
// "sim-model") and a broker address nobody dials: tests that call
// Handler.Handle directly need no Kafka.
func offlineConfig(url string) config.Config {
	cfg := config.Default()
	cfg.Kafka.Brokers = []string{"127.0.0.1:1"}
	cfg.LLM.BaseURL, cfg.LLM.Model = url, "sim-model"
	cfg.Events.Validate = true // every event a test makes meets its schema
	return cfg
}

// provenanceOf decodes data.provenance of an output event.
func provenanceOf(t testing.TB, m kafka.Message) processors.Provenance {
	t.Helper()
	var ev struct {
		Data struct {
			Provenance processors.Provenance `json:"provenance"`
		} `json:"data"`
	}
	if err := json.Unmarshal(m.Value, &ev); err != nil {
		t.Fatal(err)
	}
	return ev.Data.Provenance
}
