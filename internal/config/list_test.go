package config

import (
	"slices"
	"testing"
)

// kafka.brokers may be written as a YAML list or, like the environment
// variable and the flag, as one comma-separated string (it failed with a
// Go type error).
func TestBrokersAsListOrString(t *testing.T) {
	for _, yml := range []string{
		"kafka:\n  brokers: [\"k1:9092\", \"k2:9092\"]\n",
		"kafka:\n  brokers:\n    - k1:9092\n    - k2:9092\n",
		"kafka:\n  brokers: k1:9092,k2:9092\n",
		"kafka:\n  brokers: \" k1:9092 , k2:9092 ,\"\n",
	} {
		c := Default()
		if err := parseYAML([]byte(yml), &c); err != nil {
			t.Fatalf("%q: %v", yml, err)
		}
		if !slices.Equal(c.Kafka.Brokers, List{"k1:9092", "k2:9092"}) {
			t.Errorf("%q: brokers %q", yml, c.Kafka.Brokers)
		}
	}
	c := Default()
	if err := parseYAML([]byte("kafka:\n  brokers: {a: b}\n"), &c); err == nil {
		t.Error("a mapping was accepted as brokers")
	}
}
