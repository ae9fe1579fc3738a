package main

import (
	"bytes"
	"flag"
	"strings"
	"testing"
)

func TestLoadConfigLayersAndReports(t *testing.T) {
	load := func(args []string, envs map[string]string) (string, bool, string) {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		var errb bytes.Buffer
		fs.SetOutput(&errb)
		cfg, ok := loadConfig(fs, args, env(envs), &errb)
		return cfg.Kafka.GroupID, ok, errb.String()
	}
	if g, ok, _ := load([]string{"--kafka.brokers", "k:1"}, map[string]string{"TRIAGE_KAFKA_GROUP_ID": "from-env"}); !ok || g != "from-env" {
		t.Fatalf("env layer: %q %v", g, ok)
	}
	if g, ok, _ := load([]string{"--kafka.brokers", "k:1", "--kafka.group_id", "from-flag"}, map[string]string{"TRIAGE_KAFKA_GROUP_ID": "from-env"}); !ok || g != "from-flag" {
		t.Fatalf("flags override env: %q %v", g, ok)
	}
	if _, ok, msg := load([]string{"--kafka.commit_interval", "often", "--kafka.brokers", "k:1"}, nil); ok || !strings.Contains(msg, "kafka.commit_interval") {
		t.Fatalf("bad value: ok=%v %q", ok, msg)
	}
	if _, ok, msg := load([]string{"--nope"}, nil); ok || !strings.Contains(msg, "flag provided but not defined") {
		t.Fatalf("unknown flag: ok=%v %q", ok, msg)
	}
}

func TestRepeatedKeepsEveryValue(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	var r repeated
	fs.Var(&r, "x", "")
	if err := fs.Parse([]string{"--x", "a,b", "--x", "c"}); err != nil {
		t.Fatal(err)
	}
	if len(r) != 2 || r[0] != "a,b" || r[1] != "c" || r.String() != "a,b,c" {
		t.Fatalf("repeated %q", r)
	}
}
