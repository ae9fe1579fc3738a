package review_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/triage/triage/internal/config"
	"github.com/triage/triage/internal/kafkatest"
	"github.com/triage/triage/internal/pipeline"
	"github.com/triage/triage/internal/review"
)

// chromiumPath is the browser of the page tests; they skip without it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	browser, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("no chromium on PATH (Debian package chromium; CI installs it)")
	}
	return browser
}

// pageConfig is a configuration on b with review on and fresh DLQ, review
// and corrections topics named after prefix, and no input: the test sets
// its inputs and outputs.
func pageConfig(t *testing.T, b *kafkatest.Broker, prefix string) config.Config {
	t.Helper()
	cfg := config.Default()
	cfg.Kafka.Brokers = b.Addrs
	cfg.Kafka.TLS, cfg.Kafka.SASL = b.Security.TLS, b.Security.SASL
	cfg.Kafka.GroupID = fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano())
	cfg.Kafka.CommitInterval = 50 * time.Millisecond
	cfg.Topics.Emails, cfg.Topics.Tickets = "", ""
	cfg.Topics.DLQ = b.Topic(t, prefix+".dlq", 1)
	cfg.Topics.Review = b.Topic(t, prefix+".review", 1)
	cfg.Topics.Corrections = b.Topic(t, prefix+".corrections", 1)
	cfg.Review.Enabled = true
	return cfg
}

// startService runs the service of cfg; stop (also run at the test's end)
// stops it and waits.
func startService(t *testing.T, cfg config.Config) (stop func()) {
	t.Helper()
	p, err := pipeline.Build(cfg, slog.New(slog.DiscardHandler), "test", pipeline.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	run := make(chan error, 1)
	go func() { run <- p.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-run; err != nil {
				t.Error(err)
			}
			_ = p.Close()
		})
	}
	t.Cleanup(stop)
	return stop
}

// startPage serves the review page of cfg until the test ends and returns
// its base URL.
func startPage(t *testing.T, cfg config.Config) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- review.Serve(ctx, cfg, ln, slog.New(slog.DiscardHandler)) }()
	t.Cleanup(func() { cancel(); <-served })
	return "http://" + ln.Addr().String()
}

// chromium starts headless Chromium for one test and returns its browsing
// context, bounded to 90 s.
func chromium(t *testing.T, browser string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.WindowSize(1100, 760))
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(acancel)
	cctx, ccancel := chromedp.NewContext(actx)
	t.Cleanup(ccancel)
	cctx, tcancel := context.WithTimeout(cctx, 90*time.Second)
	t.Cleanup(tcancel)
	return cctx
}

// openTasks loads the list page and counts its tasks.
func openTasks(t *testing.T, cctx context.Context, base string) int {
	t.Helper()
	if err := chromedp.Do(cctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible("body.list")); err != nil {
		t.Fatal(err)
	}
	n, err := chromedp.Run(cctx, chromedp.Evaluate[int](`document.querySelectorAll("a.task").length`))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// waitForTask reloads the list (the page follows the topics) until a task
// is listed, for 60 s at most.
func waitForTask(t *testing.T, cctx context.Context, base string) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); openTasks(t, cctx, base) == 0; time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no task listed on the page within 60s")
		}
	}
}
