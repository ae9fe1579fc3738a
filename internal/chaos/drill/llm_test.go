package drill

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestStartLLMServesThroughTheProxy(t *testing.T) {
	bin, _ := fakeBin(t)
	sim, proxy, err := StartLLM(bin, t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Stop(time.Minute)
	defer proxy.Close()
	if !strings.HasSuffix(proxy.URL(), "/v1") || !httpOK(context.Background(), proxy.URL()+"/models") {
		t.Fatalf("GET %s/models through the proxy failed", proxy.URL())
	}
	if proxy.Slow != time.Second {
		t.Errorf("proxy slow = %s", proxy.Slow)
	}
}
