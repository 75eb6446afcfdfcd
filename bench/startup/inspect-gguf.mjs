// The peer of `modelrelease inspect --json FILE`: @huggingface/gguf reads the local file's header (metadata and
// tensor infos) and the result is printed as JSON, as the CLI prints its record. Usage: node inspect-gguf.mjs FILE
import { gguf } from "@huggingface/gguf";

const { metadata, tensorInfos } = await gguf(process.argv[2], { allowLocalFile: true });
process.stdout.write(JSON.stringify({ metadata, tensorInfos }, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n");
