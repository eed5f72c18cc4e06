import { PageHeader } from "@/components/ui/card";
import { TabsNav } from "@/components/ui/tabs-nav";

export default function AccountLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader title="Your account" description="Profile, password, two-factor authentication and where you are signed in." className="mb-4" />
      <div className="mb-6 border-b border-slate-200">
        <TabsNav
          label="Account sections"
          tabs={[
            { href: "/account", label: "Profile", exact: true },
            { href: "/account/security", label: "Security" },
            { href: "/account/sessions", label: "Sessions" },
          ]}
        />
      </div>
      {children}
    </div>
  );
}
