import ReactMarkdown, { defaultUrlTransform } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

/**
 * The one place markdown becomes HTML (soul.md, essence.md, history). Raw HTML is never rendered:
 * react-markdown does not parse it into elements, rehype-sanitize drops what is left (script, style,
 * event handlers, unsafe URL schemes), and the URL transform blanks javascript:/data: links.
 */
export function Markdown({ source, className = "" }: { source: string; className?: string }) {
  return (
    <div className={`markdown-body ${className}`}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeSanitize]}
        urlTransform={defaultUrlTransform}
        components={{
          a: ({ node: _node, href, children, ...rest }) => (
            <a {...rest} href={href || undefined} rel="noopener noreferrer nofollow" target={href ? "_blank" : undefined}>
              {children}
            </a>
          ),
        }}
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
