package config

import (
	"bufio"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func noEnv(string) (string, bool) { return "", false }

func TestGoodFiles(t *testing.T) {
	paths, _ := filepath.Glob("testdata/good/*.yaml")
	if len(paths) == 0 {
		t.Fatal("no good cases")
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			if _, err := Load(p, noEnv, nil); err != nil {
				t.Fatal(err)
			}
		})
	}
	c, _ := Load("testdata/good/full.yaml", noEnv, nil)
	if c.Kafka.CommitInterval != 500*time.Millisecond || len(c.Kafka.Brokers) != 2 || c.Topics.DLQ != "prod.dlq" || c.Processing.Timeout != 20*time.Second {
		t.Errorf("full.yaml not applied: %+v", c)
	}
	if c.Kafka.CheckpointLimit != 256 || c.Kafka.RevokeTimeout != 15*time.Second {
		t.Errorf("full.yaml kafka.checkpoint_limit/revoke_timeout not applied: %d %s", c.Kafka.CheckpointLimit, c.Kafka.RevokeTimeout)
	}
	c, _ = Load("testdata/good/tickets_only.yaml", noEnv, nil)
	if c.Topics.Emails != "" || c.Topics.Tickets == "" {
		t.Errorf("tickets_only: %+v", c.Topics)
	}
	if c.Events.Mode != "structured" {
		t.Errorf("events.mode defaults to %q, want structured", c.Events.Mode)
	}
	if c, _ = Load("testdata/good/events_binary.yaml", noEnv, nil); c.Events.Mode != "binary" {
		t.Errorf("events_binary.yaml: events.mode %q, want binary", c.Events.Mode)
	}
}

// TestBadFiles checks each file under testdata/bad fails with the message
// in its first line ("# want: ...").
func TestBadFiles(t *testing.T) {
	paths, _ := filepath.Glob("testdata/bad/*.yaml")
	if len(paths) == 0 {
		t.Fatal("no bad cases")
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			f, _ := os.Open(p)
			line, _ := bufio.NewReader(f).ReadString('\n')
			f.Close()
			want := strings.TrimSpace(strings.TrimPrefix(line, "# want:"))
			_, err := Load(p, noEnv, nil)
			if err == nil {
				t.Fatalf("loaded; want error containing %q", want)
			}
			if !strings.Contains(err.Error(), want) {
				t.Fatalf("error %q\ndoes not contain %q", err, want)
			}
		})
	}
}

func TestPrecedenceDefaultsFileEnvFlags(t *testing.T) {
	env := map[string]string{
		"TRIAGE_KAFKA_GROUP_ID":        "from-env",
		"TRIAGE_KAFKA_COMMIT_INTERVAL": "1s",
		"TRIAGE_KAFKA_BROKERS":         "a:1, b:2",
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	path, o := BindFlags(fs)
	if err := fs.Parse([]string{"--config", "testdata/good/full.yaml", "--kafka.group_id", "from-flag", "--processing.timeout=1s"}); err != nil {
		t.Fatal(err)
	}
	c, err := Load(*path, lookup, o)
	if err != nil {
		t.Fatal(err)
	}
	if c.Kafka.GroupID != "from-flag" {
		t.Errorf("group_id = %q: flag must beat env and file", c.Kafka.GroupID)
	}
	if c.Kafka.CommitInterval != time.Second {
		t.Errorf("commit_interval = %s: env must beat file", c.Kafka.CommitInterval)
	}
	if got := strings.Join(c.Kafka.Brokers, ";"); got != "a:1;b:2" {
		t.Errorf("brokers = %q", got)
	}
	if c.Processing.Timeout != time.Second || c.Kafka.StartOffset != "latest" || c.Kafka.MaxInFlight != 128 {
		t.Errorf("file or flag values lost: %+v", c)
	}
}

func TestEnvAndFlagErrorsNameTheSetting(t *testing.T) {
	lookup := func(k string) (string, bool) {
		if k == "TRIAGE_KAFKA_SHUTDOWN_TIMEOUT" {
			return "forever", true
		}
		return "", false
	}
	_, err := Load("testdata/good/minimal.yaml", lookup, Overrides{"kafka.max_in_flight": "many"})
	for _, want := range []string{"kafka.shutdown_timeout (env TRIAGE_KAFKA_SHUTDOWN_TIMEOUT): \"forever\" is not a duration", "kafka.max_in_flight (flag --kafka.max_in_flight): \"many\" is not an integer"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\nmissing %q", err, want)
		}
	}
}

func TestEverySettingDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Settings() {
		if s.Doc == "" {
			t.Errorf("%s has no doc tag", s.Key)
		}
		if seen[s.Env] {
			t.Errorf("env %s used twice", s.Env)
		}
		seen[s.Env] = true
		if err := set(&Config{}, s.Key, s.Default); err != nil && s.Default != "" {
			t.Errorf("%s: default %q does not parse back: %v", s.Key, s.Default, err)
		}
	}
	if md := Markdown(); !strings.Contains(md, "`kafka.brokers` | `TRIAGE_KAFKA_BROKERS`") {
		t.Errorf("markdown table malformed:\n%s", md)
	}
}

// The defaults an operator relies on without reading the table: the admin
// server is on (probes and /metrics work out of the box) and customer text
// in logs is masked.
func TestSafeDefaults(t *testing.T) {
	d := Default()
	if d.Admin.Addr != ":9464" {
		t.Errorf("admin.addr default %q, want :9464", d.Admin.Addr)
	}
	if !d.Log.Redact {
		t.Error("log.redact must default to true")
	}
}
