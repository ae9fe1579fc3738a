package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/eval"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/model"
	"github.com/triage/triage/processors/rules"
)

// "triage eval --mode llm|cascade" takes the llm.* settings from the
// TRIAGE_LLM_* environment variables (see "triage config doc").
func init() {
	evalEngine = func(ctx context.Context, mode, task string, r *rules.Rules, m *model.Model) (processors.Processor, error) {
		cfg, err := config.Load("", func(k string) (string, bool) {
			if k == "TRIAGE_KAFKA_BROKERS" {
				return "unused:9092", true
			}
			return os.LookupEnv(k)
		}, nil)
		if err != nil {
			return nil, err
		}
		if !cfg.LLM.Enabled() {
			return nil, fmt.Errorf("eval: --mode %s needs an LLM (configure llm.* settings); set TRIAGE_LLM_BASE_URL and TRIAGE_LLM_MODEL", mode)
		}
		return pipeline.TaskProcessor(cfg.LLM, r, m, task, mode == eval.ModeCascade, cfg.Processing.Timeout, slog.New(slog.DiscardHandler))
	}
}
