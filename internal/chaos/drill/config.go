package drill

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Settings is the part of the triage configuration a drill chooses; the
// rest keeps triage's defaults (so the drill tests what users get).
type Settings struct {
	Brokers []string
	Group   string
	// Topics maps emails, tickets, orders, routed and dlq to topic names.
	Topics      map[string]string
	MaxInFlight int
	// CheckpointLimit sets kafka.checkpoint_limit when > 0.
	CheckpointLimit int
	// LLMURL enables the LLM path (llm.base_url) when set.
	LLMURL            string
	LLMTimeout        time.Duration // llm.timeout when LLMURL is set
	ProcessingTimeout time.Duration // processing.timeout when > 0
	// BreakerOpenFor sets llm.breaker_open_timeout when > 0 and LLMURL is set.
	BreakerOpenFor time.Duration
}

// YAML renders the settings as a triage configuration file.
func (s Settings) YAML() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "kafka:\n  brokers: [%s]\n  group_id: %q\n  max_in_flight: %d\n",
		quoteAll(s.Brokers), s.Group, s.MaxInFlight)
	if s.CheckpointLimit > 0 {
		fmt.Fprintf(&b, "  checkpoint_limit: %d\n", s.CheckpointLimit)
	}
	b.WriteString("topics:\n")
	for _, t := range []string{"emails", "tickets", "orders", "routed", "dlq"} {
		fmt.Fprintf(&b, "  %s: %q\n", t, s.Topics[t])
	}
	if s.ProcessingTimeout > 0 {
		fmt.Fprintf(&b, "processing:\n  timeout: %s\n", s.ProcessingTimeout)
	}
	if s.LLMURL != "" {
		fmt.Fprintf(&b, "llm:\n  base_url: %q\n  model: llmsim\n  api_key: sk-drill-not-a-secret\n", s.LLMURL)
		fmt.Fprintf(&b, "  timeout: %s\n  max_retries: 1\n  retry_backoff: 50ms\n  cache_size: 0\n", s.LLMTimeout)
		if s.BreakerOpenFor > 0 {
			fmt.Fprintf(&b, "  breaker_open_timeout: %s\n", s.BreakerOpenFor)
		}
	}
	b.WriteString("log:\n  level: info\n")
	return []byte(b.String())
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// WriteConfig writes s to dir/name and checks it with "triage config
// check"; when the binary refuses kafka.checkpoint_limit (a runner from
// before the setting existed), it writes the file without it and returns
// false for checkpointed.
func WriteConfig(bin, dir, name string, s Settings) (path string, checkpointed bool, err error) {
	path = filepath.Join(dir, name)
	for {
		if err := os.WriteFile(path, s.YAML(), 0o644); err != nil {
			return "", false, fmt.Errorf("drill: %w", err)
		}
		out, err := exec.Command(bin, "config", "check", "--config", path).CombinedOutput()
		if err == nil {
			return path, s.CheckpointLimit > 0, nil
		}
		if s.CheckpointLimit > 0 && strings.Contains(string(out), "checkpoint_limit") {
			s.CheckpointLimit = 0
			continue
		}
		return "", false, fmt.Errorf("drill: triage config check %s: %v: %s", path, err, out)
	}
}
