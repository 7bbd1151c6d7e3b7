// Real npm clients of Akismet and Perspective against a running moderation service, only their host changed.
// Run by tests/e2e/test_compat_clients.py with MODERATION_URL (http://127.0.0.1:PORT) and CLIENT_KEY set.
import assert from "node:assert/strict";
import dns from "node:dns";
import { createRequire } from "node:module";
import { describe, test } from "node:test";

import { Author, Blog, CheckResult, Client, Comment } from "@cedx/akismet";

const require = createRequire(import.meta.url);
const { AkismetClient } = require("akismet-api");
const Perspective = require("perspective-api-client");
const axios = require("axios"); // perspective-api-client's own copy (hoisted): the one it posts with

const base = new URL(process.env.MODERATION_URL);
const key = process.env.CLIENT_KEY;
const wrongKey = "zzzzzzzzzzzz";
const blogUrl = "https://journal.example.fr";
const reader = { ip: "203.0.113.7", useragent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0" };

// akismet-api puts the key in the host name (KEY.HOST). In production a wildcard DNS record sends
// *.moderation.example.org to the service; here *.localhost resolves to loopback, as RFC 6761 asks
// (and as systemd-resolved and curl already do), so KEY.localhost reaches the test server.
const lookup = dns.lookup;
dns.lookup = (hostname, options, callback) => {
	if (typeof options === "function") [callback, options] = [options, {}];
	if (!hostname.endsWith(".localhost")) return lookup(hostname, options, callback);
	const all = typeof options === "object" && options.all;
	return all ? callback(null, [{ address: "127.0.0.1", family: 4 }]) : callback(null, "127.0.0.1", 4);
};

describe("akismet-api (key in the host name)", () => {
	const options = { blog: blogUrl, host: `localhost:${base.port}`, protocol: "http", lang: "fr" };
	const client = new AkismetClient({ ...options, key });

	test("verifyKey answers true for a configured key and false for another", async () => {
		assert.equal(await client.verifyKey(), true);
		assert.equal(await new AkismetClient({ ...options, key: wrongKey }).verifyKey(), false);
	});

	test("Akismet's test author is spam and an administrator is not", async () => {
		assert.equal(await client.checkSpam({ ...reader, name: "akismet-guaranteed-spam", content: "test", isTest: true }), true);
		assert.equal(await client.checkSpam({ ...reader, role: "administrator", content: "test", isTest: true }), false);
	});

	test("a friendly comment is not spam", async () => {
		const content = "Merci pour cet article très clair, je le partage.";
		assert.equal(await client.checkSpam({ ...reader, name: "Claire", email: "claire@exemple.fr", content }), false);
	});

	test("submitSpam and submitHam are thanked", async () => {
		const spam = await client.submitSpam({ ...reader, content: "Achetez des montres pas chères ici", isTest: true });
		const ham = await client.submitHam({ ...reader, content: "Bel article, merci.", isTest: true });
		assert.equal(spam.text, "Thanks for making the web a better place.");
		assert.equal(ham.text, "Thanks for making the web a better place.");
	});

	test("a wrong key in the host name is refused", async () => {
		const refused = new AkismetClient({ ...options, key: wrongKey });
		await assert.rejects(refused.checkSpam({ ...reader, content: "test" }), /Invalid API key/);
	});
});

describe("@cedx/akismet (baseUrl option)", () => {
	const blog = new Blog({ url: blogUrl, languages: ["fr"], charset: "UTF-8" });
	const client = new Client(key, blog, { baseUrl: base.href, isTest: true });
	const comment = (author, content = "test") =>
		new Comment({ author: new Author({ ipAddress: reader.ip, userAgent: reader.useragent, ...author }), content });

	test("verifyKey answers true for a configured key and false for another", async () => {
		assert.equal(await client.verifyKey(), true);
		assert.equal(await new Client(wrongKey, blog, { baseUrl: base.href }).verifyKey(), false);
	});

	test("Akismet's test author is spam and an administrator is not", async () => {
		assert.equal(await client.checkComment(comment({ name: "akismet-guaranteed-spam" })), CheckResult.spam);
		assert.equal(await client.checkComment(comment({ role: "administrator" })), CheckResult.ham);
	});

	test("a disallowed word is pervasive spam, to discard", async () => {
		const content = "Gagnez gros sur notre casino-en-ligne !"; // MODERATION_DISALLOWED_KEYS of the test server
		assert.equal(await client.checkComment(comment({ name: "Bot" }, content)), CheckResult.pervasiveSpam);
	});

	test("submitSpam and submitHam resolve (the client checks Akismet's thanks)", async () => {
		await client.submitSpam(comment({ name: "Bot" }, "Achetez des montres pas chères ici"));
		await client.submitHam(comment({ name: "Claire" }, "Bel article, merci."));
	});
});

describe("perspective-api-client (URL rewritten by an axios interceptor: it has no host option)", () => {
	const google = "https://commentanalyzer.googleapis.com/";
	axios.interceptors.request.use((config) => ({ ...config, url: config.url.replace(google, base.href) }));

	test("analyze scores toxicity as a probability", async () => {
		const perspective = new Perspective({ apiKey: key });
		const insult = await perspective.analyze({ comment: { text: "Espèce de crétin, tais-toi." }, languages: ["fr"] });
		const friendly = await perspective.analyze({ comment: { text: "Merci pour cet article." }, languages: ["fr"] });
		const value = (answer) => answer.attributeScores.TOXICITY.summaryScore.value;
		assert.ok(value(insult) > value(friendly), `${value(insult)} > ${value(friendly)}`);
		assert.ok(value(insult) >= 0 && value(insult) <= 1);
	});

	test("a wrong key is reported with Google's message", async () => {
		const perspective = new Perspective({ apiKey: wrongKey });
		await assert.rejects(perspective.analyze("Bonjour"), { name: "ResponseError", message: "API key not valid. Please pass a valid API key." });
	});
});
