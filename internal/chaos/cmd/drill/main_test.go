package main

import (
	"io"
	"testing"
	"time"
)

func TestParseShortSetsDefaultsFlagsWin(t *testing.T) {
	o, names, err := parse([]string{"-short", "-kills", "7", "-brokers", "b:9092", "-dir", t.TempDir(), "-scenario", "a,c"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.Records != 5000 || o.BrokerStop != 10*time.Second || o.Kills != 7 {
		t.Errorf("short form: records %d, outage %s, kills %d; want 5000, 10s, 7", o.Records, o.BrokerStop, o.Kills)
	}
	if len(names) != 2 || names[1] != "c" || o.Brokers[0] != "b:9092" {
		t.Errorf("names %q brokers %q", names, o.Brokers)
	}
	o, _, err = parse([]string{"-brokers", "b:9092", "-dir", t.TempDir()}, io.Discard)
	if err != nil || o.Records != 100_000 || o.Kills != 20 {
		t.Errorf("full form: records %d kills %d err %v", o.Records, o.Kills, err)
	}
}

func TestParseNeedsBrokers(t *testing.T) {
	t.Setenv("KAFKA_BROKERS", "")
	if _, _, err := parse([]string{"-short"}, io.Discard); err == nil {
		t.Fatal("no brokers: want an error")
	}
}
